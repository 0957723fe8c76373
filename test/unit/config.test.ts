/** Unit tests of src/config.ts: every variable, every boolean spelling, every bad value. No database. */
import path from 'node:path';
import {
  DEFAULT_PGLITE_DIR,
  isProduction,
  MAX_SYNTHETIC_POSTINGS,
  readAllConfig,
  readDatabaseTarget,
  readSeedOptions,
  readWaitTimeoutSeconds,
} from '../../src/config';
import { isSeedError, type SeedError } from '../../src/errors';

const ROOT = '/srv/app';
const PASSWORD = 'config-hunter2-s3cret';
const URL_WITH_PASSWORD = `postgres://seeder:${PASSWORD}@db.example:6432/jobs`;

/** The SeedError `fn` throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): SeedError {
  try {
    fn();
  } catch (error) {
    if (isSeedError(error)) return error;
    throw error;
  }
  throw new Error('expected a SeedError, nothing was thrown');
}

/** The one CONFIG_INVALID error's problem list. */
function problems(fn: () => unknown): readonly string[] {
  const error = thrown(fn);
  expect(error.code).toBe('CONFIG_INVALID');
  expect(error.message).toBe(
    `${error.details.length} configuration problem(s); fix them in the environment or .env (see .env.example)`,
  );
  return error.details;
}

const TRUE_SPELLINGS = ['true', '1', 'yes', 'on', 'TRUE', 'Yes', ' on ', 'True\n'];
const FALSE_SPELLINGS = ['false', '0', 'no', 'off', '', '   ', 'FALSE', 'Off', ' no '];
const NOT_BOOLEAN = ['maybe', 'y', 'n', 't', '2', '-1', 'enabled', 'true!', 'no-verify'];
const BOOLEAN_VARIABLES = ['SEED_FORCE', 'SEED_PRUNE', 'SEED_DRY_RUN', 'SEED_ALLOW_PRODUCTION'] as const;
const OPTION_OF = {
  SEED_FORCE: 'force',
  SEED_PRUNE: 'prune',
  SEED_DRY_RUN: 'dryRun',
  SEED_ALLOW_PRODUCTION: 'allowProduction',
} as const;

describe('readSeedOptions', () => {
  test('an empty environment gives the documented defaults', () => {
    expect(readSeedOptions({})).toEqual({
      force: false,
      prune: false,
      dryRun: false,
      syntheticCount: 0,
      randomSeed: 'job-postings-seed',
      production: false,
      allowProduction: false,
      lockTimeoutSeconds: 60,
    });
  });

  describe.each(BOOLEAN_VARIABLES)('%s', (name) => {
    test.each(TRUE_SPELLINGS)('"%s" is true', (value) => {
      expect(readSeedOptions({ [name]: value })[OPTION_OF[name]]).toBe(true);
    });
    test.each(FALSE_SPELLINGS)('"%s" is false', (value) => {
      expect(readSeedOptions({ [name]: value })[OPTION_OF[name]]).toBe(false);
    });
    test('unset is false', () => {
      expect(readSeedOptions({ [name]: undefined })[OPTION_OF[name]]).toBe(false);
    });
    test.each(NOT_BOOLEAN)('"%s" is refused, quoted as given', (value) => {
      expect(problems(() => readSeedOptions({ [name]: value }))).toEqual([
        `${name} must be true or false (or 1/0, yes/no, on/off), got "${value}"`,
      ]);
    });
  });

  describe('SEED_SYNTHETIC_JOB_POSTINGS', () => {
    test.each([
      ['0', 0],
      ['1', 1],
      ['100000', 100_000],
      ['100_000', 100_000],
      [' 2500 ', 2500],
      ['', 0],
      [String(MAX_SYNTHETIC_POSTINGS), MAX_SYNTHETIC_POSTINGS],
    ])('"%s" is %d', (value, expected) => {
      expect(readSeedOptions({ SEED_SYNTHETIC_JOB_POSTINGS: value }).syntheticCount).toBe(expected);
    });
    test.each(['-1', '1.5', '1e5', 'abc', '10k', '0x10', String(MAX_SYNTHETIC_POSTINGS + 1)])(
      '"%s" is refused',
      (value) => {
        expect(problems(() => readSeedOptions({ SEED_SYNTHETIC_JOB_POSTINGS: value }))).toEqual([
          `SEED_SYNTHETIC_JOB_POSTINGS must be a whole number from 0 to ${MAX_SYNTHETIC_POSTINGS}, got "${value}"`,
        ]);
      },
    );
  });

  describe('SEED_LOCK_TIMEOUT (seconds)', () => {
    test.each([
      [undefined, 60],
      ['', 60],
      ['   ', 60],
      ['1', 1],
      ['3', 3],
      [' 120 ', 120],
      ['1_800', 1800],
      ['86400', 86_400],
    ])('%p is %d', (value, expected) => {
      expect(readSeedOptions({ SEED_LOCK_TIMEOUT: value }).lockTimeoutSeconds).toBe(expected);
    });
    // 0 would give up before waiting at all: every run behind another one would fail.
    test.each(['0', '-1', '1.5', '1e3', 'soon', '86401'])('"%s" is refused', (value) => {
      expect(problems(() => readSeedOptions({ SEED_LOCK_TIMEOUT: value }))).toEqual([
        `SEED_LOCK_TIMEOUT must be a whole number from 1 to 86400, got "${value}"`,
      ]);
    });
  });

  test.each([
    ['my-variant', 'my-variant'],
    ['  padded  ', 'padded'],
    ['', 'job-postings-seed'],
    ['   ', 'job-postings-seed'],
  ])('SEED_RANDOM_SEED "%s" is "%s"', (value, expected) => {
    expect(readSeedOptions({ SEED_RANDOM_SEED: value }).randomSeed).toBe(expected);
  });

  test.each([
    ['production', true],
    ['PRODUCTION', true],
    [' Production ', true],
    ['development', false],
    ['test', false],
    ['prod', false],
    ['', false],
  ])('NODE_ENV "%s": production is %s', (value, expected) => {
    expect(readSeedOptions({ NODE_ENV: value }).production).toBe(expected);
    expect(isProduction({ NODE_ENV: value })).toBe(expected);
  });

  test('every problem is listed at once, in variable order', () => {
    expect(
      problems(() =>
        readSeedOptions({
          SEED_FORCE: 'sure',
          SEED_PRUNE: 'nah',
          SEED_DRY_RUN: 'yes',
          SEED_SYNTHETIC_JOB_POSTINGS: 'lots',
          SEED_ALLOW_PRODUCTION: '2',
          SEED_LOCK_TIMEOUT: '0',
        }),
      ),
    ).toEqual([
      'SEED_FORCE must be true or false (or 1/0, yes/no, on/off), got "sure"',
      'SEED_PRUNE must be true or false (or 1/0, yes/no, on/off), got "nah"',
      `SEED_SYNTHETIC_JOB_POSTINGS must be a whole number from 0 to ${MAX_SYNTHETIC_POSTINGS}, got "lots"`,
      'SEED_ALLOW_PRODUCTION must be true or false (or 1/0, yes/no, on/off), got "2"',
      'SEED_LOCK_TIMEOUT must be a whole number from 1 to 86400, got "0"',
    ]);
  });

  test('the formatted error is one line per problem under the CODE: message line', () => {
    expect(thrown(() => readSeedOptions({ SEED_FORCE: 'x', SEED_PRUNE: 'y' })).format()).toBe(
      [
        'CONFIG_INVALID: 2 configuration problem(s); fix them in the environment or .env (see .env.example)',
        '  - SEED_FORCE must be true or false (or 1/0, yes/no, on/off), got "x"',
        '  - SEED_PRUNE must be true or false (or 1/0, yes/no, on/off), got "y"',
      ].join('\n'),
    );
  });
});

describe('readWaitTimeoutSeconds (DB_WAIT_TIMEOUT)', () => {
  test.each([
    [undefined, 60],
    ['', 60],
    ['0', 0],
    ['5', 5],
    ['1_800', 1800],
    ['86400', 86_400],
  ])('%p is %d seconds', (value, expected) => {
    expect(readWaitTimeoutSeconds({ DB_WAIT_TIMEOUT: value })).toBe(expected);
  });
  test.each(['86401', '-5', '2.5', 'soon', '_'])('"%s" is refused', (value) => {
    expect(problems(() => readWaitTimeoutSeconds({ DB_WAIT_TIMEOUT: value }))).toEqual([
      `DB_WAIT_TIMEOUT must be a whole number from 0 to 86400, got "${value}"`,
    ]);
  });
});

describe('readDatabaseTarget: the embedded database (DATABASE_URL unset or empty)', () => {
  test.each([undefined, '', '   '])(
    'DATABASE_URL %p: PGlite in .pglite under the root, 60 s lock wait',
    (url) => {
      const dataDir = path.join(ROOT, DEFAULT_PGLITE_DIR);
      expect(readDatabaseTarget({ DATABASE_URL: url }, ROOT)).toEqual({
        kind: 'pglite',
        dataDir,
        lockTimeoutMs: 60_000,
        describe: `embedded PGlite at ${dataDir}`,
      });
    },
  );

  test.each([
    ['data/pg', path.join(ROOT, 'data/pg')],
    ['/var/lib/jobs', '/var/lib/jobs'],
    ['  spaced  ', path.join(ROOT, 'spaced')],
    ['', path.join(ROOT, DEFAULT_PGLITE_DIR)],
  ])('PGLITE_DIR "%s" is %s', (value, expected) => {
    expect(readDatabaseTarget({ PGLITE_DIR: value }, ROOT)).toMatchObject({
      kind: 'pglite',
      dataDir: expected,
    });
  });

  test.each([
    ['0', 0],
    ['5', 5_000],
    ['3600', 3_600_000],
  ])('PGLITE_LOCK_TIMEOUT "%s" is %d ms', (value, expected) => {
    expect(readDatabaseTarget({ PGLITE_LOCK_TIMEOUT: value }, ROOT)).toMatchObject({
      lockTimeoutMs: expected,
    });
  });

  test.each(['3601', '-1', 'forever', '1.5'])('PGLITE_LOCK_TIMEOUT "%s" is refused', (value) => {
    expect(problems(() => readDatabaseTarget({ PGLITE_LOCK_TIMEOUT: value }, ROOT))).toEqual([
      `PGLITE_LOCK_TIMEOUT must be a whole number from 0 to 3600, got "${value}"`,
    ]);
  });

  test('DATABASE_SSL is not read for the embedded database', () => {
    expect(readDatabaseTarget({ DATABASE_SSL: 'bogus' }, ROOT).kind).toBe('pglite');
  });
});

describe('DB_QUERY_TIMEOUT: the no-answer bound of a statement', () => {
  const bound = (env: Record<string, string>) =>
    (readDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db', ...env }, ROOT) as { queryTimeoutMs: number })
      .queryTimeoutMs;
  test.each([
    [{}, 300_000],
    [{ DB_QUERY_TIMEOUT: '120' }, 120_000],
    // never shorter than the longest lock wait plus 5 s: a lock wait gets to end as a lock wait
    [{ DB_QUERY_TIMEOUT: '1' }, 65_000],
    [{ DB_QUERY_TIMEOUT: '1', SEED_LOCK_TIMEOUT: '2', DB_WAIT_TIMEOUT: '3' }, 8_000],
    [{ DB_QUERY_TIMEOUT: '30', SEED_LOCK_TIMEOUT: '600' }, 605_000],
    // written as every integer variable may be
    [{ DB_QUERY_TIMEOUT: '30', SEED_LOCK_TIMEOUT: '1_00' }, 105_000],
    [{ DB_QUERY_TIMEOUT: '30', DB_WAIT_TIMEOUT: ' 2_00 ' }, 205_000],
  ])('%j gives %d ms', (env, ms) => {
    expect(bound(env)).toBe(ms);
  });

  test.each(['0', '86401', 'soon'])('"%s" is refused', (value) => {
    expect(() =>
      readDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db', DB_QUERY_TIMEOUT: value }, ROOT),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        details: [`DB_QUERY_TIMEOUT must be a whole number from 1 to 86400, got "${value}"`],
      }),
    );
  });
});

describe('readAllConfig: every reader at once (issue 14, case 11)', () => {
  test('bad values of the target, the seed and the waits are listed together', () => {
    expect(() =>
      readAllConfig(
        {
          DATABASE_URL: 'postgres://u@h/db',
          DATABASE_SSL: 'maybe',
          SEED_PRUNE: 'sure',
          DB_WAIT_TIMEOUT: '-1',
        },
        ROOT,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/^3 configuration problem\(s\)/),
        details: [
          'DATABASE_SSL must be true, false or no-verify, got "maybe"',
          'SEED_PRUNE must be true or false (or 1/0, yes/no, on/off), got "sure"',
          'DB_WAIT_TIMEOUT must be a whole number from 0 to 86400, got "-1"',
        ],
      }),
    );
  });

  test('good values give the target', () => {
    expect(readAllConfig({ DATABASE_URL: 'postgres://u@h:1/db' }, ROOT)).toMatchObject({
      describe: 'u@h:1/db',
    });
  });
});

describe('readDatabaseTarget: a server (DATABASE_URL)', () => {
  test('every part of the URL, the password only in connectionString', () => {
    const target = readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD }, ROOT);
    expect(target).toEqual({
      kind: 'postgres',
      connectionString: URL_WITH_PASSWORD,
      host: 'db.example',
      port: 6432,
      database: 'jobs',
      user: 'seeder',
      ssl: undefined,
      connectTimeoutMs: 10_000,
      queryTimeoutMs: 300_000,
      describe: 'seeder@db.example:6432/jobs',
    });
    const { connectionString: _secret, ...rest } = target as Extract<typeof target, { kind: 'postgres' }>;
    expect(JSON.stringify(rest)).not.toContain(PASSWORD);
  });

  test.each([
    ['postgresql scheme, no port', 'postgresql://u:pw@h/db', 'u@h:5432/db'],
    ['upper-case scheme', 'POSTGRES://u@h:1/db', 'u@h:1/db'],
    ['padded', `  ${URL_WITH_PASSWORD}  `, 'seeder@db.example:6432/jobs'],
    ['no user: PGUSER, as node-postgres reads it', 'postgres://h:5432/db', 'envuser@h:5432/db'],
    ['encoded password', `postgres://u:${encodeURIComponent('p@ss:w/rd')}@h/db`, 'u@h:5432/db'],
    [
      'a socket directory',
      'postgres://u@%2Fvar%2Frun%2Fpostgresql/db',
      'u@socket /var/run/postgresql/.s.PGSQL.5432/db',
    ],
    ['sslmode in the URL', 'postgres://u:pw@h/db?sslmode=require', 'u@h:5432/db'],
  ])('%s: described as %s, never with the password', (_name, url, describe) => {
    const target = readDatabaseTarget({ DATABASE_URL: url, PGUSER: 'envuser' }, ROOT);
    expect(target.describe).toBe(describe);
    expect(target.describe).not.toMatch(/pw|p@ss/);
  });

  test.each(['abc', '99999', '0'])(
    'PGPORT "%s", where the URL names no port, is a configuration error',
    (value) => {
      expect(
        problems(() => readDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db', PGPORT: value }, ROOT)),
      ).toEqual([
        `PGPORT must be a port number (1-65535), got "${value}": DATABASE_URL names no port, so node-postgres takes PGPORT; fix or unset it, or put the port in DATABASE_URL`,
      ]);
      expect(
        readDatabaseTarget({ DATABASE_URL: 'postgres://u@h:5433/db', PGPORT: value }, ROOT).describe,
      ).toBe('u@h:5433/db');
    },
  );

  test('PGUSER names the user when the URL does not', () => {
    expect(readDatabaseTarget({ DATABASE_URL: 'postgres://h/db', PGUSER: 'envuser' }, ROOT).describe).toBe(
      'envuser@h:5432/db',
    );
    expect(readDatabaseTarget({ DATABASE_URL: 'postgres://u@h/db', PGUSER: 'envuser' }, ROOT).describe).toBe(
      'u@h:5432/db',
    );
  });

  describe('DATABASE_SSL', () => {
    test.each(TRUE_SPELLINGS)('"%s": verified TLS', (value) => {
      expect(
        readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DATABASE_SSL: value }, ROOT),
      ).toMatchObject({
        ssl: { rejectUnauthorized: true },
      });
    });
    test.each(['no-verify', 'NO-VERIFY', ' No-Verify '])('"%s": TLS without verification', (value) => {
      expect(
        readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DATABASE_SSL: value }, ROOT),
      ).toMatchObject({
        ssl: { rejectUnauthorized: false },
      });
    });
    test.each([...FALSE_SPELLINGS, undefined])('%p: TLS as the URL says', (value) => {
      const target = readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DATABASE_SSL: value }, ROOT);
      expect(target.kind === 'postgres' && target.ssl).toBeUndefined();
    });
    test.each(['maybe', 'verify-full', 'require', 'noverify'])('"%s" is refused', (value) => {
      expect(
        problems(() => readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DATABASE_SSL: value }, ROOT)),
      ).toEqual([`DATABASE_SSL must be true, false or no-verify, got "${value}"`]);
    });
  });

  describe('DB_CONNECT_TIMEOUT', () => {
    test.each([
      [undefined, 10_000],
      ['', 10_000],
      ['1', 1_000],
      ['3', 3_000],
      ['600', 600_000],
    ])('%p is %d ms', (value, expected) => {
      expect(
        readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DB_CONNECT_TIMEOUT: value }, ROOT),
      ).toMatchObject({
        connectTimeoutMs: expected,
      });
    });
    // 0 would mean "no timeout" to node-postgres: a connection attempt that never ends.
    test.each(['0', '601', '-1', 'ten'])('"%s" is refused, for the embedded database too', (value) => {
      const message = `DB_CONNECT_TIMEOUT must be a whole number from 1 to 600, got "${value}"`;
      expect(
        problems(() =>
          readDatabaseTarget({ DATABASE_URL: URL_WITH_PASSWORD, DB_CONNECT_TIMEOUT: value }, ROOT),
        ),
      ).toEqual([message]);
      expect(problems(() => readDatabaseTarget({ DB_CONNECT_TIMEOUT: value }, ROOT))).toEqual([message]);
    });
  });

  test.each([
    [
      'another scheme',
      `mysql://seeder:${PASSWORD}@h/db`,
      'DATABASE_URL must start with postgres:// or postgresql:// (postgres://user:password@host:5432/db)',
    ],
    [
      'no scheme',
      `seeder:${PASSWORD}@h/db`,
      'DATABASE_URL must start with postgres:// or postgresql:// (postgres://user:password@host:5432/db)',
    ],
    [
      'not a URL',
      `postgres://seeder:${PASSWORD}@h:port:5432/db`,
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)',
    ],
    [
      'no database',
      `postgres://seeder:${PASSWORD}@h:5432`,
      'DATABASE_URL names no database (postgres://user@host:5432/DATABASE)',
    ],
    [
      'no database, trailing slash',
      `postgres://seeder:${PASSWORD}@h:5432/`,
      'DATABASE_URL names no database (postgres://user@host:5432/DATABASE)',
    ],
    [
      'a missing TLS file',
      `postgres://seeder:${PASSWORD}@h/db?sslrootcert=/nonexistent/ca.pem`,
      'DATABASE_URL names a TLS file that does not exist: /nonexistent/ca.pem',
    ],
  ])('DATABASE_URL with %s is refused without echoing it', (_name, url, message) => {
    const list = problems(() => readDatabaseTarget({ DATABASE_URL: url }, ROOT));
    expect(list).toEqual([message]);
    expect(thrown(() => readDatabaseTarget({ DATABASE_URL: url }, ROOT)).format()).not.toContain(PASSWORD);
  });

  test('every problem of a server target is listed at once', () => {
    expect(
      problems(() =>
        readDatabaseTarget(
          { DATABASE_URL: 'mysql://h/db', DATABASE_SSL: 'perhaps', DB_CONNECT_TIMEOUT: 'x' },
          ROOT,
        ),
      ),
    ).toEqual([
      'DB_CONNECT_TIMEOUT must be a whole number from 1 to 600, got "x"',
      'DATABASE_SSL must be true, false or no-verify, got "perhaps"',
      'DATABASE_URL must start with postgres:// or postgresql:// (postgres://user:password@host:5432/db)',
    ]);
  });

  test('the process environment is the default', () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = URL_WITH_PASSWORD;
    try {
      expect(readDatabaseTarget().describe).toBe('seeder@db.example:6432/jobs');
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
