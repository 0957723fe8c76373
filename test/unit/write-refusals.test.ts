/** Unit tests of src/seed/run/write-refusals.ts: a constraint violation as the server reports it, as one line. */
import { curatedPostings, syntheticPostings } from '../../seeds/01_job_postings';
import { CURATED_POSTINGS } from '../../src/data/curated';
import { constraintViolation } from '../../src/seed/run/write-refusals';

const CURATED = curatedPostings();
const SYNTHETIC = syntheticPostings({ syntheticCount: 10, randomSeed: 'x' });
const [FIRST] = CURATED_POSTINGS;

/** A constraint violation with PostgreSQL's fields, its message prefixed by knex with the SQL. */
function violation(fields: Record<string, string>): Error {
  return Object.assign(new Error(`insert into "job_postings" ... - ${fields.message ?? 'violates'}`), fields);
}

const UNIQUE = violation({
  code: '23505',
  table: 'job_postings',
  constraint: 'app_title',
  detail: `Key (title)=(${FIRST.title}) already exists.`,
});

describe('constraintViolation', () => {
  test('an exclusion constraint: the conflicting row is named as for a unique one', () => {
    const error = violation({
      code: '23P01',
      table: 'job_postings',
      constraint: 'no_overlap',
      detail: `Key (title)=(${FIRST.title}) conflicts with existing key (title)=(${FIRST.title}).`,
    });
    expect(constraintViolation(error, [CURATED])?.message).toMatch(
      new RegExp(
        `^job_postings: posting ${FIRST.key} has a value that a row already in the table holds \\(exclusion ` +
          `constraint no_overlap: Key \\(title\\)=\\(${FIRST.title}\\) conflicts with existing key .*\\); nothing was written: `,
      ),
    );
  });

  test('a generated data set writes the table too: the unique values may be its item, so no item is named', () => {
    expect(constraintViolation(UNIQUE, [CURATED, SYNTHETIC])?.message).toMatch(
      /^job_postings: an item of the data set has a value that a row already in the table holds \(unique constraint app_title: /,
    );
    expect(constraintViolation(UNIQUE, [CURATED])?.message).toMatch(
      new RegExp(`^job_postings: posting ${FIRST.key} has a value`),
    );
  });

  test('no detail (the role may not read the columns): the constraint alone', () => {
    const error = violation({ code: '23505', table: 'job_postings', constraint: 'app_title' });
    expect(constraintViolation(error, [CURATED])?.message).toMatch(
      /^job_postings: an item of the data set has a value that a row already in the table holds \(unique constraint app_title\); nothing was written: /,
    );
  });

  test("a failing row is not quoted (it holds the app's columns too); the SQL knex prefixes to the message never appears", () => {
    // In the server's language: not recognised by its words, by its SQLSTATE.
    const row = `Fehlgeschlagene Zeile enthält (${'x'.repeat(500)}, app-token-123).`;
    const error = violation({
      code: '23514',
      table: 'job_postings',
      constraint: 'app_check',
      detail: row,
      message: `values ('secret-parameter') - new row for relation "job_postings" violates check constraint`,
    });
    const line = constraintViolation(error, [CURATED])?.format() ?? '';
    expect(line).toMatch(
      /^DATA_INVALID: job_postings: an item of the data set violates the table's CHECK constraint app_check; /,
    );
    expect(line).not.toContain('app-token-123');
    expect(line).not.toContain('secret-parameter');
    expect(line).not.toContain('insert into');
  });

  test('other errors, and the violations the engine names otherwise, are not its', () => {
    for (const code of ['23503', '42P01', '22P02', undefined]) {
      expect(constraintViolation(violation(code ? { code } : {}), [CURATED])).toBeUndefined();
    }
  });
});
