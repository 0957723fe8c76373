import type { Knex } from 'knex';
import { syntheticPostings } from '../seeds/01_job_postings';
import type { SeedPosting } from '../src/data/types';
import { runSeed } from '../src/seed/run/run-seed';
import type { GeneratedSource } from '../src/seed/table/description';
import {
  ID_ORDER_COLUMNS,
  rebuildableIndexes,
  rebuildableIndexesSql,
  withIndexesBuiltAfter,
} from '../src/seed/write/bulk-load';
import { describeEachMigratedTarget } from './support/databases';
import { countRows, resetTables, SYNTHETIC_SEED_NAME, seedOptions } from './support/seeding';

const ROWS = 300;
/** Low enough that a test's few hundred rows take the index-after-load path. */
const MIN_ROWS = 100;

/** The synthetic seed alone, with the index-after-load threshold at `minRows` (new rows in id order or not). */
function synthetic(minRows: number, count = ROWS, idOrder = true): GeneratedSource<SeedPosting> {
  return {
    ...syntheticPostings({ syntheticCount: count, randomSeed: 'index-rebuild' }),
    tuning: { indexRebuildMinRows: minRows, idOrder },
  };
}

function seedSynthetic(knex: Knex, source: GeneratedSource<SeedPosting>) {
  return runSeed(knex, { options: seedOptions({ syntheticCount: source.count }), sources: [source] });
}

interface Schema {
  /** index name -> pg_get_indexdef */
  indexes: Record<string, string>;
  /** constraint name -> pg_get_constraintdef */
  constraints: Record<string, string>;
  /** index name -> oid: a rebuilt index has a new one */
  oids: Record<string, number>;
  comments: Record<string, string | null>;
}

/** Everything about job_postings' indexes and constraints that a rebuild must leave as it was. */
async function schemaOf(knex: Knex): Promise<Schema> {
  const { rows: indexes } = await knex.raw(
    `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def, c.oid::int AS oid,
            obj_description(c.oid, 'pg_class') AS comment
     FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
     WHERE x.indrelid = 'job_postings'::regclass ORDER BY c.relname`,
  );
  const { rows: constraints } = await knex.raw(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = 'job_postings'::regclass ORDER BY conname`,
  );
  type Row = { name: string; def: string; oid: number; comment: string | null };
  const by = <V>(rows: Row[], f: (r: Row) => V): Record<string, V> =>
    Object.fromEntries(rows.map((r) => [r.name, f(r)]));
  return {
    indexes: by(indexes, (r) => r.def),
    constraints: by(constraints, (r) => r.def),
    oids: by(indexes, (r) => Number(r.oid)),
    comments: by(indexes, (r) => r.comment),
  };
}

/** Names of the indexes whose oid changed between two snapshots: the ones dropped and recreated. */
const rebuilt = (before: Schema, after: Schema) =>
  Object.keys(before.oids).filter((name) => before.oids[name] !== after.oids[name]);

/** The plain secondary indexes the migrations make: the ones a load may rebuild. */
const MIGRATION_INDEXES = [
  'job_postings_role_category_idx',
  'job_postings_seed_name_id_idx',
  'job_postings_status_idx',
  'job_postings_tech_stack_idx',
];
/** Of those and the app's below, the ones a load in id order appends to at an edge, and keeps. */
const EDGE_APPENDED = ['job_postings_seed_name_id_idx', 'job_postings_id_company_idx'];
/** What a load in id order rebuilds. */
const REBUILT_IN_ID_ORDER = [...MIGRATION_INDEXES, 'job_postings_ts_title_idx']
  .filter((name) => !EDGE_APPENDED.includes(name))
  .sort();

describeEachMigratedTarget('index-after-load on a first load', (db) => {
  beforeAll(async () => {
    const knex = db().knex();
    // Indexes an app might add: a partial expression index whose predicate holds a `?` (knex must not read it
    // as a binding), a unique index (never dropped: a duplicate must still fail the COPY), one with a comment.
    await knex.raw(
      `CREATE INDEX job_postings_ts_title_idx ON job_postings (lower(title)) WHERE required_skills \\? 'TypeScript'`,
    );
    await knex.raw('CREATE UNIQUE INDEX job_postings_id_title_key ON job_postings (id, title)');
    await knex.raw('CREATE INDEX job_postings_company_idx ON job_postings (company)');
    await knex.raw(`COMMENT ON INDEX job_postings_company_idx IS 'the app''s'`);
    // Led by the id: a load in id order appends to it at its right edge, so it is kept, like (seed_name, id).
    await knex.raw('CREATE INDEX job_postings_id_company_idx ON job_postings (id, company)');
  });

  beforeEach(async () => {
    await resetTables(db().knex());
  });

  test('the rebuildable indexes are the plain secondary ones: no constraint, unique or commented index', async () => {
    const knex = db().knex();
    const names = await knex.transaction(async (trx) =>
      (await rebuildableIndexes(trx, 'job_postings')).map((i) => i.name),
    );
    expect(names).toEqual(
      [...MIGRATION_INDEXES, 'job_postings_ts_title_idx', 'job_postings_id_company_idx'].sort(),
    );
  });

  test('a load in id order keeps the indexes led by the id, or by the seed name then the id', async () => {
    const knex = db().knex();
    const names = await knex.transaction(async (trx) =>
      (await rebuildableIndexes(trx, 'job_postings', ID_ORDER_COLUMNS)).map((i) => i.name),
    );
    expect(names).toEqual(REBUILT_IN_ID_ORDER);
  });

  test('a role that does not own the table rebuilds nothing (it could not drop the indexes)', async () => {
    const knex = db().knex();
    const role = `seeder_${Date.now()}`;
    const trx = await knex.transaction();
    try {
      // Everything here, the role included, is rolled back with the transaction.
      await trx.raw(`CREATE ROLE ${role}`);
      await trx.raw(`GRANT SELECT ON job_postings TO ${role}`);
      await trx.raw(`SET LOCAL ROLE ${role}`);
      expect(await rebuildableIndexes(trx, 'job_postings')).toEqual([]);
    } finally {
      await trx.rollback();
    }
  });

  test('a load above the threshold drops and recreates them: names and definitions identical, constraints untouched', async () => {
    const knex = db().knex();
    const before = await schemaOf(knex);
    await seedSynthetic(knex, synthetic(MIN_ROWS));
    const after = await schemaOf(knex);
    expect(after.indexes).toEqual(before.indexes);
    expect(after.constraints).toEqual(before.constraints);
    expect(after.comments).toEqual(before.comments);
    expect(rebuilt(before, after).sort()).toEqual(REBUILT_IN_ID_ORDER);
    expect(await countRows(knex, { seed_name: SYNTHETIC_SEED_NAME })).toBe(ROWS);
    // The recreated indexes answer queries: the partial one holds exactly the rows its predicate selects.
    const { rows } = await knex.raw(
      `SELECT (SELECT count(*) FROM job_postings WHERE required_skills ? 'TypeScript')::int AS n`.replace(
        '?',
        '\\?',
      ),
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  test('a load in the order of its indices rebuilds the id-led indexes too (its rows land anywhere in them)', async () => {
    const knex = db().knex();
    const before = await schemaOf(knex);
    await seedSynthetic(knex, synthetic(MIN_ROWS, ROWS, false));
    const after = await schemaOf(knex);
    expect(after.indexes).toEqual(before.indexes);
    expect(rebuilt(before, after).sort()).toEqual(
      [...MIGRATION_INDEXES, 'job_postings_ts_title_idx', 'job_postings_id_company_idx'].sort(),
    );
  });

  test('below the threshold, or into a table already holding more rows than the load, nothing is rebuilt', async () => {
    const knex = db().knex();
    const before = await schemaOf(knex);
    await seedSynthetic(knex, synthetic(ROWS + 1));
    expect(rebuilt(before, await schemaOf(knex))).toEqual([]);

    // The table now holds ROWS rows; a first load of another seed, of fewer rows, maintains the indexes.
    const base = synthetic(MIN_ROWS, ROWS - 50);
    const other: GeneratedSource<SeedPosting> = {
      ...base,
      name: 'other_synthetic',
      keyOf: (index) => `other-${base.keyOf(index)}`,
      *generate(from, to) {
        for (const p of base.generate(from, to)) yield { ...p, key: `other-${p.key}` };
      },
    };
    const beforeOther = await schemaOf(knex);
    await seedSynthetic(knex, other);
    expect(rebuilt(beforeOther, await schemaOf(knex))).toEqual([]);
    expect(await countRows(knex, { seed_name: 'other_synthetic' })).toBe(ROWS - 50);
  });

  test('a bad row in the middle of the COPY fails the run and leaves every index as it was', async () => {
    const knex = db().knex();
    const before = await schemaOf(knex);
    const source = synthetic(MIN_ROWS);
    const bad: GeneratedSource<SeedPosting> = {
      ...source,
      *generate(from, to) {
        for (const p of source.generate(from, to))
          yield p.key === source.keyOf(ROWS - 50) ? { ...p, title: ' ' } : p;
      },
    };
    await expect(seedSynthetic(knex, bad)).rejects.toMatchObject({ code: 'DATA_INVALID' });
    const after = await schemaOf(knex);
    expect(after).toEqual(before); // same oids: the DROPs were rolled back, nothing rebuilt
    expect(await countRows(knex)).toBe(0);
  });

  test('the rebuild sorts with the tuned maintenance_work_mem, for the seed transaction only', async () => {
    const knex = db().knex();
    const setting = async (q: Knex | Knex.Transaction) =>
      (await q.raw('SELECT current_setting(?) AS v', ['maintenance_work_mem'])).rows[0].v;
    const before = await setting(knex);
    let during = '';
    await knex.transaction(async (trx) => {
      await withIndexesBuiltAfter(trx, 'job_postings', async () => undefined, {
        indexRebuildMemoryMB: 77,
        idOrder: true,
      });
      during = await setting(trx);
    });
    expect(during).toBe('77MB');
    expect(await setting(knex)).toBe(before);
    expect(before).not.toBe('77MB');
  });

  test('an error after the drop rolls the indexes back with the transaction', async () => {
    const knex = db().knex();
    const before = await schemaOf(knex);
    let droppedInside: unknown[] = [];
    await expect(
      knex.transaction(async (trx) => {
        await withIndexesBuiltAfter(trx, 'job_postings', async () => {
          const listed = rebuildableIndexesSql('job_postings', ID_ORDER_COLUMNS);
          droppedInside = (await trx.raw(listed.sql, [...listed.bindings])).rows;
          throw new Error('injected');
        });
      }),
    ).rejects.toThrow('injected');
    expect(droppedInside).toEqual([]); // the load ran with the indexes dropped
    expect(await schemaOf(knex)).toEqual(before);
  });

  test('a row already at a seed id falls back to staging with the indexes as they were', async () => {
    const knex = db().knex();
    const source = synthetic(MIN_ROWS);
    const [first] = source.generate(0, 1);
    await knex('job_postings').insert({
      id: source.table.idOf(first.key),
      title: 'The app got here first',
      company: 'App Co',
      description: 'Inserted by the app.',
      location: 'Hobart, TAS',
      role_category: 'other',
      employment_type: 'part_time',
      work_setup: 'onsite',
    });
    const before = await schemaOf(knex);
    const outcome = await seedSynthetic(knex, source);
    expect(outcome.results[0].counts).toMatchObject({ created: ROWS - 1, foreign: 1 });
    expect(await schemaOf(knex)).toEqual(before);
  });
});
