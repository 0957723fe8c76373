/** Issue 14: the words of three errors (unknown role, a database name that needs quoting, a relation no migration makes). No database. */
import type { DatabaseTarget } from '../../src/db/database-target';
import { describeError, shellWord, sqlIdentifier } from '../../src/db/describe-error';

const SERVER: DatabaseTarget = {
  kind: 'postgres',
  connectionString: 'postgres://seeder:hunter2@db.example:6432/edge rev',
  host: 'db.example',
  port: 6432,
  database: 'edge rev',
  user: 'seeder',
  ssl: undefined,
  connectTimeoutMs: 10_000,
  describe: 'seeder@db.example:6432/edge rev',
};

function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('shellWord: one shell argument, unchanged', () => {
  test.each([
    ['jobs', 'jobs'],
    ['jobs_2026', 'jobs_2026'],
    ['edge rev', '"edge rev"'],
    ['Edge', 'Edge'],
    ['a$b', "'a$b'"],
    ["it's", `"it's"`],
    [`it's "x"`, `'it'\\''s "x"'`],
    ['', '""'],
  ])('%s -> %s', (name, word) => {
    expect(shellWord(name)).toBe(word);
  });
});

describe('sqlIdentifier: quoted unless PostgreSQL would read it back unchanged', () => {
  test.each([
    ['app', 'app'],
    ['app_2', 'app_2'],
    ['App', '"App"'],
    ['edge rev', '"edge rev"'],
    ['a"b', '"a""b"'],
    ['2app', '"2app"'],
  ])('%s -> %s', (name, identifier) => {
    expect(sqlIdentifier(name)).toBe(identifier);
  });
});

describe('describeError: the words of issue 14', () => {
  test.each<[string, Error, string]>([
    [
      'an unknown role (28000 under trust auth)',
      driverError('28000', 'role "Ghost User" does not exist'),
      'DB_AUTH_FAILED: role "Ghost User" does not exist at db.example:6432: create it (CREATE ROLE "Ghost User" LOGIN) ' +
        'or fix the user in DATABASE_URL',
    ],
    [
      'a wrong password (28P01) keeps its words',
      driverError('28P01', 'password authentication failed for user "seeder"'),
      'DB_AUTH_FAILED: authentication failed for user "seeder" at db.example:6432: check the user and password in DATABASE_URL',
    ],
    [
      'a database name with a space is quoted for the shell',
      driverError('3D000', 'database "edge rev" does not exist'),
      'DB_MISSING: database "edge rev" does not exist at db.example:6432: create it (createdb "edge rev") or fix DATABASE_URL',
    ],
    [
      'a relation no migration makes: the SQL is wrong, migrating would not help',
      driverError('42P01', 'select * from nope - relation "nope" does not exist'),
      'SEED_FAILED: relation "nope" does not exist (42P01), none of the tables this project\'s migrations create ' +
        '(job_postings, seed_guard): check the SQL that names it, or run `npx knex migrate:latest` if a migration ' +
        'you wrote creates it; nothing was written',
    ],
    [
      'a migrated relation, schema-qualified: migrate',
      driverError('42P01', 'relation "public.seed_guard" does not exist'),
      'SCHEMA_MISSING: relation "public.seed_guard" does not exist: run `npx knex migrate:latest` first',
    ],
    [
      'job_postings: migrate',
      driverError('42P01', 'relation "job_postings" does not exist'),
      'SCHEMA_MISSING: relation "job_postings" does not exist: run `npx knex migrate:latest` first',
    ],
  ])('%s', (_name, error, expected) => {
    expect(describeError(error, SERVER).format()).toBe(expected);
  });
});
