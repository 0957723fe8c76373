import type { Knex } from 'knex';
import type { SeedPosting } from '../data/types';
import { CONTENT_COLUMNS, LIFECYCLE_COLUMNS } from '../db/job-postings';
import { contentHash } from './content-hash';
import { copyRows, csvField } from './copy-rows';
import { postingId } from './ids';
import { minutesBefore } from './iso-time';
import { csvJsonbTextArray } from './json-text';

/** The temp tables a run compares against `job_postings`; they vanish with the transaction. */
export const INCOMING = 'seed_incoming';
export const REMOVED = 'seed_removed';
export const PLAN = 'seed_plan';

/** Staged with each posting, used only when a row is created (or reset by SEED_FORCE): see SeedPosting. */
export const AGE_COLUMNS = ['age_minutes', 'updated_age_minutes'] as const;

const STAGED_COLUMNS = [
  'id',
  'key',
  'previously_owned',
  ...CONTENT_COLUMNS,
  ...LIFECYCLE_COLUMNS,
  'content_hash',
  ...AGE_COLUMNS,
] as const;

/** The columns the seed COPYs straight into `job_postings` (created_at and updated_at from the ages). */
export const WRITTEN_COLUMNS = [
  'id',
  ...CONTENT_COLUMNS,
  ...LIFECYCLE_COLUMNS,
  'seed_name',
  'seed_content_hash',
  'created_at',
  'updated_at',
] as const;

/**
 * (Re)creates the temp tables for one seed of the run. The incoming table takes its column types from
 * `job_postings` itself, so the staging area cannot drift from the migration.
 */
export async function resetStagingTables(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`DROP TABLE IF EXISTS ${INCOMING}, ${REMOVED}, ${PLAN}`);
  await trx.raw(`
    CREATE TEMP TABLE ${INCOMING} ON COMMIT DROP AS
    SELECT id, ''::text AS key, false AS previously_owned, ${[...CONTENT_COLUMNS, ...LIFECYCLE_COLUMNS].join(', ')},
           seed_content_hash AS content_hash, 0 AS age_minutes, 0 AS updated_age_minutes
    FROM job_postings WITH NO DATA`);
  await trx.raw(`CREATE TEMP TABLE ${REMOVED} (id uuid NOT NULL, key text NOT NULL) ON COMMIT DROP`);
}

/**
 * The content and lifecycle fields of a posting as CSV fields, in CONTENT_COLUMNS + LIFECYCLE_COLUMNS order.
 * An array joined once gives V8 a flat string; a template of many parts measured 30% slower in `npm run bench`.
 */
function postingFields(p: SeedPosting): string {
  return [
    csvField(p.title),
    csvField(p.company),
    csvField(p.description),
    csvField(p.location),
    csvField(p.role_category),
    csvField(p.tech_stack),
    csvField(p.employment_type),
    csvField(p.work_setup),
    csvField(p.salary_min),
    csvField(p.salary_max),
    csvField(p.salary_currency),
    csvJsonbTextArray(p.required_skills),
    csvField(p.experience_level),
    csvField(p.status ?? 'active'),
    csvField(p.is_cancelled ?? false),
    csvField(p.cancellation_reason ?? null),
  ].join(',');
}

/** A posting about to be staged, with whether the seed owned its key before this run. */
export interface Incoming {
  posting: SeedPosting;
  previouslyOwned: boolean;
}

/** COPYs the data set (or the part of it this run compares) into the incoming table. */
export async function stageIncoming(trx: Knex.Transaction, rows: Iterable<Incoming>): Promise<void> {
  function* lines(): Generator<string> {
    for (const { posting, previouslyOwned } of rows) {
      const id = postingId(posting.key);
      yield `${id},${csvField(posting.key)},${previouslyOwned ? 't' : 'f'},${postingFields(posting)},${contentHash(posting)},${posting.age_minutes ?? 0},${posting.updated_age_minutes ?? 0}\n`;
    }
  }
  // No ANALYZE: a never-analyzed temp table is estimated from its size, which is all the plan's one hash join
  // needs (checked with EXPLAIN at 40 and 100,000 rows); analyzing cost 6% of a 100k rerun.
  await copyRows(trx, INCOMING, STAGED_COLUMNS, lines());
}

/** COPYs the keys the seed owns that left the data set into the removed table. */
export async function stageRemoved(trx: Knex.Transaction, keys: Iterable<string>): Promise<void> {
  function* lines(): Generator<string> {
    for (const key of keys) yield `${postingId(key)},${csvField(key)}\n`;
  }
  await copyRows(trx, REMOVED, ['id', 'key'], lines());
  await trx.raw(`ANALYZE ${REMOVED} (id)`);
}

/**
 * COPYs postings straight into `job_postings`: the fast path for keys the seed has never owned (a first load,
 * or a larger synthetic count). Fails with a unique violation if any id already exists.
 */
export async function copyNewPostings(
  trx: Knex.Transaction,
  seedName: string,
  postings: Iterable<SeedPosting>,
): Promise<void> {
  // The transaction's now(), so COPYed rows age from the same instant as rows the INSERT path writes.
  const { rows } = await trx.raw('SELECT now() AS now');
  const now = new Date(rows[0].now).getTime();
  await copyRows(trx, 'job_postings', WRITTEN_COLUMNS, writtenLines(seedName, postings, now));
}

/**
 * The CSV lines (WRITTEN_COLUMNS) of postings as the seed writes them, created `age_minutes` before `now`
 * (epoch ms): also what the benchmark COPYs.
 */
export function* writtenLines(
  seedName: string,
  postings: Iterable<SeedPosting>,
  now: number,
): Generator<string> {
  const seed = csvField(seedName);
  const ago = minutesBefore(now);
  for (const p of postings) {
    const created = ago(p.age_minutes ?? 0);
    const updated = ago(p.updated_age_minutes ?? 0);
    yield `${postingId(p.key)},${postingFields(p)},${seed},${contentHash(p)},${created},${updated}\n`;
  }
}
