import { libraryBuild } from '../../scripts/library-build';

export default libraryBuild({
  entry: { index: 'src/index.ts', internal: 'src/internal.ts', metrics: 'src/metrics.ts' },
  platform: 'neutral',
  // `Actor` implements `AsyncDisposable`: consumers need the lib that declares it.
  dtsBanner: '/// <reference lib="esnext.disposable" />',
});
