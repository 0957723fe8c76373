import os from 'node:os';
import path from 'node:path';
import { readAllConfig, readDatabaseTarget } from '../src/config';
import { isSeedError } from '../src/errors';

const ROOT = '/srv/app';

/** The details of the CONFIG_INVALID that `fn` throws. */
function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (isSeedError(error) && error.code === 'CONFIG_INVALID') return error.details;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('configuration edges (issue 14, cases 11 and 17 neighbours)', () => {
  test('a bad PGLITE_LOCK_TIMEOUT is listed with the others also when DATABASE_URL is set', () => {
    expect(
      problems(() =>
        readAllConfig(
          { DATABASE_URL: 'postgres://u@h:5432/d', PGLITE_LOCK_TIMEOUT: 'y', SEED_FORCE: 'kinda' },
          ROOT,
        ),
      ),
    ).toEqual([
      'PGLITE_LOCK_TIMEOUT must be a whole number from 0 to 3600, got "y"',
      'SEED_FORCE must be true or false (or 1/0, yes/no, on/off), got "kinda"',
    ]);
  });

  test.each([
    ['~', os.homedir()],
    ['~/jobs-db', path.join(os.homedir(), 'jobs-db')],
    ['~/jobs-db/', path.join(os.homedir(), 'jobs-db')],
    ['~jobs', path.join(ROOT, '~jobs')],
    ['data/~/db', path.join(ROOT, 'data/~/db')],
  ])(
    'PGLITE_DIR "%s" is %s (a leading ~/ is the home directory, not a directory named ~)',
    (value, expected) => {
      expect(readDatabaseTarget({ PGLITE_DIR: value }, ROOT)).toMatchObject({
        kind: 'pglite',
        dataDir: expected,
      });
    },
  );
});
