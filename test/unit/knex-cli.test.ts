/** Unit tests of src/knex-cli.ts: how the knexfile reads the knex CLI's command line. No database, no process. */
import { knexCliOptions, knexEnvironment, runByKnexCli } from '../../src/knex-cli';

const KNEX = '/app/node_modules/knex/bin/cli.js';

describe('knexEnvironment: knex --env NAME', () => {
  test.each([
    [['seed:run', '--env', 'production'], 'production'],
    [['seed:run', '--env=production'], 'production'],
    [['--env', 'staging', 'migrate:latest'], 'staging'],
    [['seed:run'], undefined],
    [['seed:run', '--environment', 'production'], undefined],
  ])('%j: %s', (args, expected) => {
    expect(knexEnvironment(['node', KNEX, ...args])).toBe(expected);
  });

  test('the script itself (argv[1]) is never read as the option', () => {
    expect(knexEnvironment(['node', '--env=production'])).toBeUndefined();
  });
});

describe('runByKnexCli: only the knex CLI gets the CLI rules', () => {
  test.each([
    [KNEX, true],
    ['/app/node_modules/.bin/knex', true],
    ['C:\\app\\node_modules\\knex\\bin\\cli.js', true],
    ['/app/scripts/db-status.ts', false],
    ['/app/node_modules/jest/bin/jest.js', false],
  ])('%s: %s', (script, expected) => {
    expect(runByKnexCli(['node', script])).toBe(expected);
  });
});

describe('knexCliOptions', () => {
  test('migrate:* waits for a lock at most DB_WAIT_TIMEOUT seconds; seed:run and library use add nothing', () => {
    expect(knexCliOptions(['node', KNEX, 'migrate:latest'], { DB_WAIT_TIMEOUT: '7' })).toEqual({
      lockTimeoutSeconds: 7,
    });
    expect(knexCliOptions(['node', KNEX, 'seed:run'], { DB_WAIT_TIMEOUT: '7' })).toEqual({});
    expect(knexCliOptions(['node', '/app/src/index.ts', 'migrate:latest'], { DB_WAIT_TIMEOUT: '7' })).toEqual(
      {},
    );
  });
});
