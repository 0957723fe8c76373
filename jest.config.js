/**
 * Two projects: `unit` (test/unit/: no database, no process, seconds) and `integration` (everything else: real
 * PostgreSQL and PGlite, each file its own database). `npm test` runs both; `npm run test:watch` the unit one.
 * Test files are TypeScript run through ts-jest (transpile only: tsconfig's isolatedModules; `npm test` type-checks
 * first). PGlite needs `node --experimental-vm-modules`.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
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
    },
  ],
};
