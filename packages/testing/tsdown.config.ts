import { libraryBuild } from '../../scripts/library-build';

export default libraryBuild({
  entry: {
    index: 'src/index.ts',
    compliance: 'src/compliance.ts',
    jest: 'src/jest.ts',
    servers: 'src/servers/index.ts',
  },
  platform: 'node',
});
