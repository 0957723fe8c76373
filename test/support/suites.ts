import { targetKinds } from './databases';

// Only test files import this module: jest's globals do not exist in global-setup.

/** `describe` for suites that need the server (several connections, roles, pg_locks): skipped without it. */
export const describeServer: jest.Describe = targetKinds().includes('postgres') ? describe : describe.skip;

/** `describe` for suites about the embedded database only. */
export const describePGlite: jest.Describe = targetKinds().includes('pglite') ? describe : describe.skip;

/** `test` that needs the server, inside a suite that runs without it too. */
export const testOnServer: jest.It = targetKinds().includes('postgres') ? test : test.skip;
