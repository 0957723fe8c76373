import knexFactory, { type Knex } from 'knex';
import { syntheticPostings } from '../seeds/01_job_postings';
import type { SeedPosting } from '../src/data/types';
import type { DatabaseTarget } from '../src/db/database-target';
import { knexConfig } from '../src/db/knex-config';
import { readSeedRows, seedRowsSql, type TableRecord } from '../src/seed/guard/seed-guard';
import { hashSpecOf } from '../src/seed/hashing';
import { TEMP } from '../src/seed/plan/staging';
import { runSeed } from '../src/seed/run/run-seed';
import type { GeneratedSource, LoadTuning } from '../src/seed/table/description';
import { narrowComparison, toRanges } from '../src/seed/write/bulk-load';
import { describeEachMigratedTarget } from './support/databases';
import {
  APP_POSTING,
  contentHashSql,
  resetTables,
  SYNTHETIC_SEED_NAME,
  seedOptions,
} from './support/seeding';

const ROWS = 200;
const RANDOM_SEED = 'bulk-load';

function synthetic(tuning: Partial<LoadTuning> = {}): GeneratedSource<SeedPosting> {
  return { ...syntheticPostings({ syntheticCount: ROWS, randomSeed: RANDOM_SEED }), tuning };
}

function seedSynthetic(knex: Knex, tuning: Partial<LoadTuning>, force = false) {
  return runSeed(knex, {
    options: seedOptions({ syntheticCount: ROWS, randomSeed: RANDOM_SEED, force }),
    sources: [synthetic(tuning)],
  });
}

const idOf = (index: number) => {
  const source = synthetic();
  return source.table.idOf(source.keyOf(index));
};

/** Indices the tests change, by what happens to them. */
const DRIFTED = [3, 4, 5, 60, 199]; // content changed behind the seed (the app's edit, or a drift)
const CLOSED = [10, 61]; // lifecycle changed by the app: SEED_FORCE resets it
const DELETED = [7, 120]; // deleted by the app
const REHASHED = [30]; // content as the seed wrote it, stored hash wrong: 'rehash'

/** What the app and time did to the table since the first load. */
async function changeTable(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE job_postings SET title = title || ' (drift)' WHERE id = ANY(?::uuid[])`, [
    DRIFTED.map(idOf),
  ]);
  await knex('job_postings').whereIn('id', CLOSED.map(idOf)).update({ status: 'closed' });
  await knex('job_postings').whereIn('id', DELETED.map(idOf)).del();
  await knex.raw(`UPDATE job_postings SET seed_content_hash = repeat('0', 32) WHERE id = ANY(?::uuid[])`, [
    REHASHED.map(idOf),
  ]);
}

/** Every column of every row but the timestamps (a rewrite moves them to its own now()), and the guard. */
async function tableState(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(`
    SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS f FROM (
      SELECT id, title, company, description, status, is_cancelled, seed_name, seed_content_hash,
             ${contentHashSql('j')} AS actual_hash
      FROM job_postings j) t`);
  // The write log's mark (src/seed/guard/write-log.ts) names the run's own transaction: not the table's state.
  const guard = await knex('seed_guard')
    .select('checksum', 'row_count', knex.raw(`params #- '{table,log}' AS params`))
    .orderBy('seed_name');
  return JSON.stringify([rows[0].f, guard]);
}

/** Saves the table and guard, and puts them back: each variant of a run starts from the same state. */
async function snapshot(knex: Knex): Promise<() => Promise<void>> {
  await knex.raw('DROP TABLE IF EXISTS snap_postings, snap_guard');
  await knex.raw('CREATE TABLE snap_postings AS SELECT * FROM job_postings');
  await knex.raw('CREATE TABLE snap_guard AS SELECT * FROM seed_guard');
  return async () => {
    await knex.raw('TRUNCATE job_postings, seed_guard');
    await knex.raw('INSERT INTO job_postings SELECT * FROM snap_postings');
    await knex.raw('INSERT INTO seed_guard SELECT * FROM snap_guard');
  };
}

// One migrated database per target for both suites (a PGlite one costs 0.6 s of CPU to copy and open).
describeEachMigratedTarget('bulk load', (db) => {
  describe('reruns that compare every row read only what the hashes cannot settle', () => {
    beforeEach(async () => {
      const knex = db().knex();
      await resetTables(knex);
      await seedSynthetic(knex, {});
      await changeTable(knex);
    });

    test('the narrow pass leaves exactly the changed, deleted and rehashed indices to compare in full', async () => {
      const knex = db().knex();
      const source = synthetic();
      const storedHash = hashSpecOf(source.table); // the rows were written with today's content columns
      const expected = (lifecycle: boolean) =>
        toRanges([...DRIFTED, ...DELETED, ...REHASHED, ...(lifecycle ? CLOSED : [])].sort((a, b) => a - b));
      for (const lifecycle of [false, true]) {
        const narrowed = await knex.transaction((trx) =>
          narrowComparison(trx, source, SYNTHETIC_SEED_NAME, [0, ROWS], { storedHash, lifecycle }),
        );
        expect(narrowed.ranges).toEqual(expected(lifecycle));
        expect(narrowed.unchanged).toBe(ROWS - expected(lifecycle).reduce((n, [f, t]) => n + t - f, 0));
      }
    });

    test('the stream leaves no timer behind (node-postgres arms DB_QUERY_TIMEOUT around every query)', async () => {
      // A knex of its own with the timeout set (the tests' own leave it unset), on the server (PGlite reads a blob).
      if (db().kind !== 'postgres') return;
      const knex = knexFactory(knexConfig({ ...db().target, queryTimeoutMs: 60_000 } as DatabaseTarget));
      const source = synthetic();
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
      await knex.raw('SELECT 1'); // the pool's own timers start with its first connection
      const before = timers();
      await knex.transaction((trx) =>
        narrowComparison(trx, source, SYNTHETIC_SEED_NAME, [0, ROWS], {
          storedHash: hashSpecOf(source.table),
          lifecycle: false,
        }),
      );
      expect(timers()).toBe(before);
      await knex.destroy();
    });

    test('an invalid item part-way through the stream: a clear error, nothing written, the connection usable', async () => {
      const knex = db().knex();
      const before = await tableState(knex);
      const source = synthetic();
      const broken: GeneratedSource<SeedPosting> = {
        ...source,
        *generate(from, to) {
          for (const [k, item] of [...source.generate(from, to)].entries())
            yield from + k === 50 ? { ...item, title: ' ' } : item;
        },
      };
      const error = await runSeed(knex, {
        options: seedOptions({ syntheticCount: ROWS, randomSeed: RANDOM_SEED, force: true }),
        sources: [broken],
      }).catch((e) => e);
      expect(error.code).toBe('DATA_INVALID');
      expect(error.format()).toContain('title: must not be blank');
      expect(await tableState(knex)).toBe(before);
      // and the next run, on the same pool, compares every row again (the app's changes are still there)
      const rerun = await seedSynthetic(knex, {}, true);
      expect(rerun.results[0].counts?.unchanged).toBe(ROWS - DRIFTED.length - DELETED.length - CLOSED.length);
    });

    test('an error early in a stream larger than the socket holds: read to its end, so ROLLBACK is not stuck behind it', async () => {
      // The COPY TO stream is a server's (PGlite reads one blob): 300,000 more rows carrying the seed's name, ~20 MB
      // of it, their ids after every item's (ascending: a cheap insert), and the invalid item the one with the
      // lowest id, so nearly all of the stream is still unread when it fails.
      if (db().kind !== 'postgres') return;
      const knex = db().knex();
      await knex.raw(
        `INSERT INTO job_postings (id, title, company, description, location, role_category, employment_type, work_setup, seed_name)
         SELECT ('ffffffff-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Copy', 'Cafe Co', 'Makes coffee.',
                'Hobart, TAS', 'other', 'part_time', 'onsite', ?
         FROM generate_series(1, 300000) n`,
        [SYNTHETIC_SEED_NAME],
      );
      const source = synthetic();
      const ids = Array.from({ length: ROWS }, (_, i) => idOf(i));
      const first = ids.indexOf([...ids].sort()[0]);
      const broken: GeneratedSource<SeedPosting> = {
        ...source,
        *generate(from, to) {
          for (const [k, item] of [...source.generate(from, to)].entries())
            yield from + k === first ? { ...item, title: ' ' } : item;
        },
      };
      const error = await runSeed(knex, {
        options: seedOptions({ syntheticCount: ROWS, randomSeed: RANDOM_SEED, force: true }),
        sources: [broken],
      }).catch((e) => e);
      expect(error.code).toBe('DATA_INVALID');
      expect(await knex('job_postings').count({ n: '*' })).toEqual([
        { n: String(ROWS - DELETED.length + 300000) },
      ]);
    }, 60_000);

    test.each([false, true])(
      'SEED_FORCE=%s: the same counts and the same table as staging every row',
      async (force) => {
        const knex = db().knex();
        // Deleting rows behind the guard makes a plain rerun compare every row too.
        const restore = await snapshot(knex);
        const full = await seedSynthetic(knex, { narrowCompare: false }, force);
        const fullState = await tableState(knex);
        await restore();
        const narrow = await seedSynthetic(knex, { narrowCompare: true }, force);
        expect(narrow.results).toEqual(
          full.results.map((r) => ({ ...r, elapsedMs: narrow.results[0].elapsedMs })),
        );
        expect(await tableState(knex)).toBe(fullState);
        // and the runs did something: the changes are what the plan saw
        const counts = narrow.results[0].counts;
        expect(counts?.unchanged).toBe(ROWS - DRIFTED.length - DELETED.length - (force ? CLOSED.length : 0));
        await knex.raw('DROP TABLE snap_postings, snap_guard');
      },
    );
  });

  describe('the count after a load that wrote most of the table', () => {
    // The two forms as knex sends them (placeholders numbered): each one's text up to its first parameter or FROM.
    const wholeTable = seedRowsSql('job_postings', '', undefined, 'wholeTable').sql.split('?')[0];
    const bySeed = seedRowsSql('job_postings', '').sql.split('FROM')[0].trimEnd();

    /**
     * Seeds with `tuning` and returns how the run counted the seed's rows, in order: a run that writes checks the
     * table first (through the index) and records it last.
     */
    async function countedBy(knex: Knex, tuning: Partial<LoadTuning>): Promise<string[]> {
      const forms: string[] = [];
      const listener = (q: { sql: string }) => {
        if (q.sql.startsWith(wholeTable)) forms.push('wholeTable');
        else if (q.sql.startsWith(bySeed)) forms.push('seed');
      };
      knex.on('query', listener);
      try {
        await seedSynthetic(knex, tuning);
      } finally {
        knex.off('query', listener);
      }
      return forms;
    }

    /** What the guard recorded of the table, and the same counted now through the index. */
    async function recordedAndCounted(knex: Knex) {
      const guard = await knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first();
      const { rows, ids } = (guard?.params as { table: TableRecord } | undefined)?.table ?? {};
      const counted = await readSeedRows(knex, 'job_postings', SYNTHETIC_SEED_NAME);
      return { recorded: { rows, ids }, counted };
    }

    beforeEach(async () => {
      const knex = db().knex();
      await resetTables(knex);
      // The app's rows: one of its own, and a copy carrying the seed's name (counted with the seed's rows).
      await knex('job_postings').insert([APP_POSTING, { ...APP_POSTING, title: 'Copied' }]);
      await knex.raw(`UPDATE job_postings SET seed_name = ? WHERE title = ?`, [
        SYNTHETIC_SEED_NAME,
        'Copied',
      ]);
    });

    test('a load of most of the table counts by one scan of the whole table, and records the same figures', async () => {
      const knex = db().knex();
      expect(await countedBy(knex, { wholeTableCountMinRows: ROWS })).toEqual(['seed', 'wholeTable']);
      const { recorded, counted } = await recordedAndCounted(knex);
      expect(counted.rows).toBe(ROWS + 1);
      expect(recorded).toEqual(counted);
      // and the next run takes them as the table's: up to date, nothing counted
      expect(await countedBy(knex, { wholeTableCountMinRows: ROWS })).toEqual([]);
    });

    test('a load smaller than the threshold, or than the rows already there, counts through the index', async () => {
      const knex = db().knex();
      expect(await countedBy(knex, { wholeTableCountMinRows: ROWS + 1 })).toEqual(['seed', 'seed']);
      expect((await recordedAndCounted(knex)).recorded.rows).toBe(ROWS + 1);

      await resetTables(knex);
      await knex.raw(
        `INSERT INTO job_postings (title, company, description, location, role_category, employment_type, work_setup)
         SELECT 'App ' || n, 'Cafe Co', 'Makes coffee.', 'Hobart, TAS', 'other', 'part_time', 'onsite'
         FROM generate_series(1, ?) n`,
        [ROWS],
      );
      expect(await countedBy(knex, { wholeTableCountMinRows: ROWS })).toEqual(['seed', 'seed']);
      const { recorded, counted } = await recordedAndCounted(knex);
      expect(counted.rows).toBe(ROWS);
      expect(recorded).toEqual(counted);
    });
  });

  describe('new rows COPYed in id order', () => {
    beforeAll(async () => {
      const knex = db().knex();
      // The order rows reach the table in (the heap's order is not it: free space left on a page is reused).
      await knex.raw('CREATE TABLE written_order (n serial PRIMARY KEY, id uuid NOT NULL)');
      await knex.raw(`CREATE FUNCTION log_written() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO written_order (id) VALUES (NEW.id); RETURN NEW; END $$`);
    });

    beforeEach(async () => {
      const knex = db().knex();
      await resetTables(knex);
      await knex.raw('TRUNCATE written_order');
      await knex.raw(
        'CREATE TRIGGER log_written BEFORE INSERT ON job_postings FOR EACH ROW EXECUTE FUNCTION log_written()',
      );
    });

    afterEach(async () => {
      await db().knex().raw('DROP TRIGGER log_written ON job_postings');
    });

    /** The ids of the seed's rows in the order they were written (in a transaction that committed). */
    async function writtenOrder(knex: Knex): Promise<string[]> {
      const { rows } = await knex.raw(
        `SELECT w.id::text AS id FROM written_order w JOIN job_postings j ON j.id = w.id
       WHERE j.seed_name = ? ORDER BY w.n`,
        [SYNTHETIC_SEED_NAME],
      );
      return rows.map((r: { id: string }) => r.id);
    }

    const byText = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const indexOrder = Array.from({ length: ROWS }, (_, i) => idOf(i));

    test('a first load writes them in id order, and the same table as in index order', async () => {
      const knex = db().knex();
      const inIndexOrder = await seedSynthetic(knex, { idOrder: false });
      expect(await writtenOrder(knex)).toEqual(indexOrder);
      const state = await tableState(knex);
      await resetTables(knex);
      await knex.raw('TRUNCATE written_order');

      const inIdOrder = await seedSynthetic(knex, {});
      expect(inIdOrder.results[0].counts).toEqual(inIndexOrder.results[0].counts);
      expect(inIdOrder.results[0].counts).toMatchObject({ created: ROWS });
      expect(await writtenOrder(knex)).toEqual(byText(indexOrder));
      expect(await tableState(knex)).toBe(state);
    });

    /** Statements of a run that build or read the plans (src/seed/plan/plan.ts); not the staging reset's DROP. */
    async function planStatements(knex: Knex, run: () => Promise<unknown>): Promise<number> {
      let n = 0;
      const plans = [TEMP.plan, TEMP.removedPlan].map((t) => `"${t}"`);
      const listener = (q: { sql: string }) => {
        if (plans.some((t) => q.sql.includes(t)) && !q.sql.startsWith('DROP TABLE')) n++;
      };
      knex.on('query', listener);
      try {
        await run();
      } finally {
        knex.off('query', listener);
      }
      return n;
    }

    test('a run that stages nothing makes no plan (a first load, SEED_FORCE with nothing changed); one that stages rows does', async () => {
      const knex = db().knex();
      let outcome: Awaited<ReturnType<typeof seedSynthetic>> | undefined;
      expect(await planStatements(knex, async () => (outcome = await seedSynthetic(knex, {})))).toBe(0);
      expect(outcome?.results[0].counts).toEqual({
        created: ROWS,
        updated: 0,
        unchanged: 0,
        editedByApp: 0,
        deletedByApp: 0,
        removed: 0,
        pruned: 0,
        foreign: 0,
      });
      // SEED_FORCE compares every row: the hashes show them all unchanged, so nothing is staged.
      let forced: Awaited<ReturnType<typeof seedSynthetic>> | undefined;
      expect(await planStatements(knex, async () => (forced = await seedSynthetic(knex, {}, true)))).toBe(0);
      expect(forced?.results[0].counts).toMatchObject({ created: 0, updated: 0, unchanged: ROWS });
      await changeTable(knex);
      expect(await planStatements(knex, () => seedSynthetic(knex, {}, true))).toBeGreaterThan(0);
    });

    test('so does the fallback when the app holds one of the ids: the same rows, in id order', async () => {
      const knex = db().knex();
      await seedSynthetic(knex, {});
      const { rows: clean } = await knex.raw(
        'SELECT id::text AS id, title, description, seed_content_hash FROM job_postings WHERE id <> ? ORDER BY id',
        [idOf(17)],
      );
      await resetTables(knex);
      await knex.raw('TRUNCATE written_order');

      await knex('job_postings').insert({ ...APP_POSTING, id: idOf(17) });
      const outcome = await seedSynthetic(knex, {});
      expect(outcome.results[0].counts).toMatchObject({ created: ROWS - 1, foreign: 1 });
      const { rows } = await knex.raw(
        'SELECT id::text AS id, title, description, seed_content_hash FROM job_postings WHERE id <> ? ORDER BY id',
        [idOf(17)],
      );
      expect(rows).toEqual(clean);
      expect(await writtenOrder(knex)).toEqual(byText(indexOrder.filter((id) => id !== idOf(17))));
      expect(
        await knex('job_postings')
          .where({ id: idOf(17) })
          .first(),
      ).toMatchObject({ title: APP_POSTING.title });
    });
  });
});

describe('toRanges', () => {
  test('joins consecutive indices into [from, to) ranges', () => {
    expect(toRanges([])).toEqual([]);
    expect(toRanges([3, 4, 5, 7, 9, 10])).toEqual([
      [3, 6],
      [7, 8],
      [9, 11],
    ]);
  });
});
