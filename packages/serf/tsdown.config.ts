import { libraryBuild } from '../../scripts/library-build';

export default libraryBuild({
  entry: { index: 'src/index.ts' },
  platform: 'node',
});
