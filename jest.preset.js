// Shared jest settings: every package runs its tests from TypeScript source,
// and imports sibling packages from their source too (no build step needed).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@asyncactor/([a-z-]+)$': '<rootDir>/../$1/src/index.ts',
    // A subpath is a file (`compliance.ts`) or a folder with an index (`servers/`).
    '^@asyncactor/([a-z-]+)/([a-z-]+)$': ['<rootDir>/../$1/src/$2.ts', '<rootDir>/../$1/src/$2/index.ts'],
  },
  // A run with failures ends with every failing test and its error again
  // (jest's default repeats them only above 20 test files), so that the
  // tail of a long CI log says what failed.
  reporters: [['default', { summaryThreshold: 0 }]],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'lcov'],
};
