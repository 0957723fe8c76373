import knexFactory, { type Knex } from 'knex';
import { knexConfig } from '../src/db/knex-config';
import { readSeedRows, recordedTable, recordSeedRows, seedRowsSql } from '../src/seed/guard/seed-guard';
import {
  addSeedWriteLog,
  dropSeedWriteLog,
  readWriteLog,
  updateSeedWriteLog,
  writtenSince,
} from '../src/seed/guard/write-log';
import { SEED_LOCK_KEY } from '../src/seed/locks';
import { formatOutcome } from '../src/seed/summary';
import {
  createScratchDatabase,
  describeEachMigratedTarget,
  type ScratchDatabase,
  targetKinds,
} from './support/databases';
import { CURATED_SEED_NAME, SYNTHETIC_SEED_NAME, seed, tableFingerprint } from './support/seeding';
import { describeServer } from './support/suites';
import { waitFor } from './support/wait';

/** Synthetic postings under the curated set. */
const S = 40; // enough rows for every property here: the log, not the load, is under test

const upToDate = (present: number) => [
  'job_postings: up to date',
  `${SYNTHETIC_SEED_NAME}: up to date (${present} postings present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)`,
];

/** The statement that counts a seed's rows (O(rows)), as knex sends it: what a no-op with the log never sends. */
const COUNT = seedRowsSql('job_postings', '').sql.split('FROM')[0].trimEnd();
const counts = (q: { sql: string; bindings?: readonly unknown[] }, seedName: string) =>
  q.sql.startsWith(COUNT) && q.bindings?.at(-1) === seedName;

/** Runs the seed and returns what it prints and which seeds' rows it counted (statements sent, as knex sent them). */
async function seedWatched(knex: Knex, syntheticCount = S): Promise<{ lines: string[]; counted: string[] }> {
  const counted: string[] = [];
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) => {
    if (counts(q, SYNTHETIC_SEED_NAME)) counted.push(SYNTHETIC_SEED_NAME);
  };
  knex.on('query', listener);
  try {
    const lines = formatOutcome(await seed(knex, { syntheticCount }));
    return { lines, counted };
  } finally {
    knex.off('query', listener);
  }
}

async function freshLoad(knex: Knex, syntheticCount = S): Promise<void> {
  await knex.raw('TRUNCATE job_postings, seed_guard');
  await seed(knex, { syntheticCount });
}

/** Inserts a copy of row `id` at a new id, with `changes` (e.g. another seed_name). */
const copyRow = (knex: Knex, id: string, changes: Record<string, unknown> = {}) =>
  knex.raw(
    `INSERT INTO job_postings SELECT (jsonb_populate_record(NULL::job_postings,
       to_jsonb(j) || jsonb_build_object('id', gen_random_uuid()) || ?::jsonb)).* FROM job_postings j WHERE id = ?`,
    [JSON.stringify(changes), id],
  );

/** The id of one synthetic posting. */
async function aSyntheticRow(knex: Knex): Promise<string> {
  const row = await knex('job_postings').where({ seed_name: SYNTHETIC_SEED_NAME }).orderBy('id').first();
  if (!row) throw new Error('no synthetic posting');
  return row.id;
}

// On both targets: the log vouches for a no-op and notices an app's write. The engine's rules over the log are the
// same SQL on either (the model test and table-truth run both targets with the log in place): on the first only.
describeEachMigratedTarget('write log', (db) => {
  test('a no-op after a load counts no rows of the table and says up to date with the right count', async () => {
    const knex = db().knex();
    await freshLoad(knex);
    const { lines, counted } = await seedWatched(knex);
    expect(lines).toEqual(upToDate(S));
    expect(counted).toEqual([]);
    // A transaction that wrote and rolled back left nothing in the table, nor in the log.
    await knex
      .transaction(async (trx) => {
        await trx('job_postings').where({ seed_name: SYNTHETIC_SEED_NAME }).del();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [] });
  });

  test('the app inserts a posting of its own: counted again, still up to date, then cheap again', async () => {
    const knex = db().knex();
    await freshLoad(knex);
    const id = await aSyntheticRow(knex);
    await copyRow(knex, id, { seed_name: null });
    const guard = () => knex('seed_guard').where({ seed_name: SYNTHETIC_SEED_NAME }).first();
    const before = await guard();
    const after = await seedWatched(knex);
    expect(after).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
    // The count's mark was kept, and nothing else of the guard: the next no-op reads no row again.
    const kept = await guard();
    const [was, is] = [recordedTable(before), recordedTable(kept)];
    expect(is?.log).toBeDefined();
    expect(is?.log).not.toEqual(was?.log);
    expect({ ...is, log: undefined }).toEqual({ ...was, log: undefined });
    const otherThanTable = (g: typeof before) => ({ ...g, params: { ...g?.params, table: undefined } });
    expect(otherThanTable(kept)).toEqual(otherThanTable(before));
    expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [] });
    // And the log kept no row that every mark has seen committed: the app's insert is forgotten.
    const { rows } = await knex.raw('SELECT count(*)::int AS n FROM seed_table_writes');
    expect(rows[0].n).toBe(0);
  });

  test('a read-only database: a no-op that counts again says so and keeps no mark', async () => {
    const knex = db().knex();
    await freshLoad(knex);
    await copyRow(knex, await aSyntheticRow(knex), { seed_name: null });
    const before = await tableFingerprint(knex);
    const guards = () => knex('seed_guard').orderBy('seed_name');
    const marks = await guards();
    if (db().target.kind === 'pglite') {
      // One session: its default is the database's.
      await knex.raw('SET default_transaction_read_only = on');
      try {
        expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
      } finally {
        await knex.raw('SET default_transaction_read_only = off');
      }
    } else {
      const { database } = (await knex.raw('SELECT current_database() AS database')).rows[0];
      await knex.raw('ALTER DATABASE ?? SET default_transaction_read_only = on', [database]);
      const readOnly = knexFactory(knexConfig(db().target));
      try {
        expect(await seedWatched(readOnly)).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
      } finally {
        await readOnly.destroy();
        await knex.raw('ALTER DATABASE ?? RESET default_transaction_read_only', [database]);
      }
    }
    expect(await guards()).toEqual(marks);
    expect(await tableFingerprint(knex)).toBe(before);
  });

  test('a dry run that counts again keeps no mark: the run after it counts too', async () => {
    const knex = db().knex();
    await freshLoad(knex);
    await copyRow(knex, await aSyntheticRow(knex), { seed_name: null });
    await seed(knex, { syntheticCount: S, dryRun: true });
    expect((await seedWatched(knex)).counted).toEqual([SYNTHETIC_SEED_NAME]);
    expect((await seedWatched(knex)).counted).toEqual([]);
  });
});

describeEachMigratedTarget(
  'write log, its rules',
  (db) => {
    /** What the run after `write` prints, and then the next: with the log, and as today on a table without it. */
    async function afterWrite(knex: Knex, write: (k: Knex) => Promise<unknown>) {
      const run = async () => {
        await freshLoad(knex);
        await write(knex);
        return [await seedWatched(knex), await seedWatched(knex)];
      };
      const withLog = await run();
      await dropSeedWriteLog(knex, 'job_postings');
      try {
        return { withLog, today: await run() };
      } finally {
        await addSeedWriteLog(knex, 'job_postings');
      }
    }

    test.each([
      ['deletes a row', (k: Knex) => aSyntheticRow(k).then((id) => k('job_postings').where({ id }).del())],
      [
        'takes the name off a row',
        (k: Knex) =>
          aSyntheticRow(k).then((id) => k.raw('UPDATE job_postings SET seed_name = NULL WHERE id = ?', [id])),
      ],
      [
        'copies a row and deletes another',
        async (k: Knex) => {
          const id = await aSyntheticRow(k);
          await copyRow(k, id);
          await k('job_postings').where({ id }).del();
        },
      ],
      ['TRUNCATEs the table', (k: Knex) => k.raw('TRUNCATE job_postings')],
    ])(
      'the app %s after a run: the next run counts and says what it says today, then the no-op is cheap again',
      async (_, write) => {
        const knex = db().knex();
        const { withLog, today } = await afterWrite(knex, write);
        expect(withLog[0].counted).toContain(SYNTHETIC_SEED_NAME);
        expect(withLog[0].lines).toEqual(today[0].lines);
        expect(withLog[0].lines).not.toEqual(upToDate(S));
        expect(withLog[1]).toEqual({ lines: today[1].lines, counted: [] });
      },
    );

    test('two seeds in one transaction: the earlier one counts again, the later one does not', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      const statements: string[] = [];
      const listener = (q: { sql: string; bindings?: readonly unknown[] }) => {
        if (counts(q, CURATED_SEED_NAME)) statements.push(CURATED_SEED_NAME);
      };
      knex.on('query', listener);
      const { lines, counted } = await seedWatched(knex);
      knex.off('query', listener);
      expect(lines).toEqual(upToDate(S));
      // The curated set recorded, then the synthetic seed wrote in the same transaction: counted again.
      expect(statements).toContain(CURATED_SEED_NAME);
      expect(counted).toEqual([]);
    });

    test('a write after a mark in the mark’s own transaction is seen; one before it is not', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      const log = await readWriteLog(knex, 'job_postings');
      expect(log).toBeDefined();
      if (!log) return;
      const id = await aSyntheticRow(knex);
      const marks = await knex.transaction(async (trx) => {
        await trx('job_postings').where({ id }).update({ title: 'Edited' });
        const before = (await recordSeedRows(trx, 'job_postings', SYNTHETIC_SEED_NAME, log)).log;
        await trx('job_postings').where({ id }).update({ title: 'Edited again' });
        const after = (await recordSeedRows(trx, 'job_postings', SYNTHETIC_SEED_NAME, log)).log;
        return { before, after };
      });
      expect(await writtenSince(knex, log, marks.before)).toBe(true);
      expect(await writtenSince(knex, log, marks.after)).toBe(false);
    });

    test('a trigger disabled, a write, the trigger enabled again: the next run counts and notices', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      await knex.raw('ALTER TABLE job_postings DISABLE TRIGGER seed_write_log');
      const id = await aSyntheticRow(knex);
      await knex('job_postings').where({ id }).del();
      await knex.raw('ALTER TABLE job_postings ENABLE ALWAYS TRIGGER seed_write_log');
      const after = await seedWatched(knex);
      expect(after.counted).toContain(SYNTHETIC_SEED_NAME);
      expect(after.lines).not.toEqual(upToDate(S));
      expect((await seedWatched(knex)).lines).toEqual(upToDate(S - 1));
    });

    test('DDL that rewrites the table fires no trigger: the next run counts and notices', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      // Every synthetic row loses the seed's name, by a column type change that fires no trigger (a probe's case;
      // DDL takes no parameters).
      await knex.raw(
        `ALTER TABLE job_postings ALTER COLUMN seed_name TYPE varchar(63)
           USING (CASE WHEN seed_name = '${SYNTHETIC_SEED_NAME}' THEN NULL ELSE seed_name END)`,
      );
      const after = await seedWatched(knex);
      expect(after.counted).toContain(SYNTHETIC_SEED_NAME);
      expect(after.lines).not.toEqual(upToDate(S));
    });

    test('a write under session_replication_role = replica is logged', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      const id = await aSyntheticRow(knex);
      await knex.transaction(async (trx) => {
        await trx.raw('SET LOCAL session_replication_role = replica');
        await trx('job_postings').where({ id }).del();
      });
      const after = await seedWatched(knex);
      expect(after.lines).not.toEqual(upToDate(S));
      expect((await seedWatched(knex)).lines).toEqual(upToDate(S - 1));
    });

    test('the log forgets the transactions every mark saw committed', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      const logRows = async () => Number((await knex('seed_table_writes').count({ n: '*' }))[0].n);
      // A third seed of the table whose mark is older than the updates (it did not run since): kept for it.
      await knex.raw(
        `INSERT INTO seed_guard (seed_name, checksum, row_count, params, content_columns)
         SELECT 'another-seed', checksum, 0, params, content_columns FROM seed_guard WHERE seed_name = ?`,
        [SYNTHETIC_SEED_NAME],
      );
      for (let i = 0; i < 5; i++)
        await knex('job_postings').where({ seed_name: null }).update({ title: 'y' });
      // The synthetic seed writes, the curated set counts again and keeps its mark: both marks saw the updates.
      await seed(knex, { syntheticCount: S + 1 });
      expect(await logRows()).toBeGreaterThan(5);
      // Without the older mark, the next run that writes forgets every row but its own.
      await knex('seed_guard').where({ seed_name: 'another-seed' }).del();
      await seed(knex, { syntheticCount: S + 2 });
      expect(await logRows()).toBe(1);
    });

    test('functions of an earlier definition are replaced by updateSeedWriteLog: counted once, then cheap again', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      const functions = `SELECT p.oid::regprocedure::text AS f, p.proconfig AS config FROM pg_proc p
        WHERE p.proname IN ('seed_table_write', 'seed_table_write_seq', 'seed_table_written_since', 'seed_table_writes_trim')
        ORDER BY 1`;
      // The first definitions searched the log's schema (public here): any role that may create there could
      // shadow what they call.
      for (const { f } of (await knex.raw(functions)).rows)
        await knex.raw(`ALTER FUNCTION ${f} SET search_path = public, pg_temp`);
      await updateSeedWriteLog(knex);
      const { rows } = await knex.raw(functions);
      expect(rows.map((r: { config: string[] }) => r.config)).toEqual(
        Array(4).fill(['search_path=pg_catalog, pg_temp']),
      );
      const after = await seedWatched(knex);
      expect(after).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
      expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [] });
    });

    test('a table without the log: every no-op counts, as before, and notices', async () => {
      const knex = db().knex();
      await freshLoad(knex);
      await dropSeedWriteLog(knex, 'job_postings');
      try {
        const { rows } = await knex.raw(`SELECT to_regclass('seed_table_writes') AS t`);
        expect(rows[0].t).toBeNull();
        expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
        const id = await aSyntheticRow(knex);
        await knex('job_postings').where({ id }).del();
        const after = await seedWatched(knex);
        expect(after.counted).toContain(SYNTHETIC_SEED_NAME);
        expect(after.lines).not.toEqual(upToDate(S));
        expect(await readSeedRows(knex, 'job_postings', SYNTHETIC_SEED_NAME)).toMatchObject({ rows: S - 1 });
      } finally {
        await addSeedWriteLog(knex, 'job_postings');
      }
      // Its guard's mark was made without the log: counted until a run writes and marks it again.
      expect((await seedWatched(knex)).counted).toEqual([SYNTHETIC_SEED_NAME]);
      expect((await seedWatched(knex, S + 1)).counted).toContain(SYNTHETIC_SEED_NAME);
      expect((await seedWatched(knex, S + 1)).counted).toEqual([]);
    });
  },
  targetKinds().slice(0, 1),
);

// PGlite has one session: no app transaction can be open beside the seed's, so the race exists on a server only.
describeServer('write log, the race [postgres]', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres', 'write log race', { migrated: true });
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('an app transaction deletes a seed row and commits after a run recorded: the next run notices', async () => {
    const knex = db.knex();
    await freshLoad(knex);
    const id = await aSyntheticRow(knex);
    const app = await knex.transaction();
    await app('job_postings').where({ id }).del();
    // The seed writes (10 more postings) and records while the delete is in progress: it still sees the row.
    const during = await seedWatched(knex, S + 10);
    expect(during.lines.at(-1)).toBe(`${SYNTHETIC_SEED_NAME}: 10 created, 0 updated, ${S} unchanged`);
    await app.commit();
    const after = await seedWatched(knex, S + 10);
    expect(after.counted).toContain(SYNTHETIC_SEED_NAME);
    expect(after.lines).not.toEqual(upToDate(S + 10));
    expect((await seedWatched(knex, S + 10)).lines).toEqual(upToDate(S + 9));
  });

  test('a database whose transactions default to REPEATABLE READ: a run queued behind another reads what it left', async () => {
    const knex = db.knex();
    await freshLoad(knex);
    // Something written since the last mark: the next no-op counts and keeps its mark, a write to seed_guard.
    await copyRow(knex, await aSyntheticRow(knex), { seed_name: null });
    const { database } = (await knex.raw('SELECT current_database() AS database')).rows[0];
    await knex.raw(`ALTER DATABASE ?? SET default_transaction_isolation = 'repeatable read'`, [database]);
    const other = knexFactory(knexConfig(db.target));
    try {
      // Another run's transaction: it holds the seed lock and changes the guard row, as a no-op keeping its mark does.
      const first = await other.transaction();
      await first.raw('SELECT pg_advisory_xact_lock(?::bigint)', [SEED_LOCK_KEY]);
      await first.raw('UPDATE seed_guard SET row_count = row_count WHERE seed_name = ?', [
        SYNTHETIC_SEED_NAME,
      ]);
      const queued = seedWatched(other);
      await waitFor('the seed run to queue for the seed lock', async () => {
        const { rows } = await knex.raw(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        return rows[0].n === 1;
      });
      await first.commit();
      expect(await queued).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
    } finally {
      await knex.raw('ALTER DATABASE ?? RESET default_transaction_isolation', [database]);
      await other.destroy();
    }
    expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [] });
  });

  test('a no-op counts again and keeps its mark while an app delete is in progress: the run after the commit notices', async () => {
    const knex = db.knex();
    await freshLoad(knex);
    // Something written since the last mark, so the next no-op counts, and keeps the count's mark.
    await copyRow(knex, await aSyntheticRow(knex), { seed_name: null });
    const id = await aSyntheticRow(knex);
    const app = await knex.transaction();
    await app('job_postings').where({ id }).del();
    expect(await seedWatched(knex)).toEqual({ lines: upToDate(S), counted: [SYNTHETIC_SEED_NAME] });
    await app.commit();
    const after = await seedWatched(knex);
    expect(after.counted).toContain(SYNTHETIC_SEED_NAME);
    expect(after.lines).not.toEqual(upToDate(S));
    expect(await seedWatched(knex)).toEqual({ lines: upToDate(S - 1), counted: [] });
  });
});
