/**
 * Two projects: `unit` (test/unit/: no database, no process, seconds) and `integration` (everything else: real
 * PostgreSQL and PGlite, each file its own database). `npm test` runs both; `npm run test:watch` the unit one.
 * Test files are TypeScript transpiled by @swc/jest (no type check here: `npm test` runs tsc first; a third less
 * CPU than ts-jest on a cold cache). PGlite needs `node --experimental-vm-modules`. `npm test` adds V8's
 * `--liftoff-only` (workers inherit it): PGlite's 9 MB of WebAssembly is compiled again in every test file, and
 * V8's optimising tier then recompiles its hot functions in the background, more CPU than the few queries of a
 * test file win back; without it a PGlite file takes a fifth to a third more CPU (the same results).
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript' },
    target: 'es2022', // tsconfig's target: class fields keep define semantics as under tsc and ts-node
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const shared = {
  testEnvironment: 'node',
  // @swc/jest, and local bindings of the builtins each module reads (test/support/local-builtins-transform.js).
  transform: {
    '^.+\\.ts$': ['<rootDir>/test/support/local-builtins-transform.js', swc],
  },
};

module.exports = {
  maxWorkers: 2,
  testTimeout: 120000, // a global option: jest ignores it inside a project
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
