import type { Knex } from 'knex';
import {
  curatedPostings,
  jobPostingSeeds,
  jobPostings,
  syntheticPostings,
} from '../../seeds/01_job_postings';
import { readSeedOptions, type SeedOptions } from '../../src/config';
import { CURATED_POSTINGS } from '../../src/data/curated';
import type { SeedPosting } from '../../src/data/types';
import type { NewJobPosting } from '../../src/db/job-postings';
import {
  contentHasher,
  generatedChecksum,
  hashSpecOf,
  contentHashSql as hashSqlOf,
} from '../../src/seed/hashing';
import { type RunSeedInput, runSeed, runSeedFile } from '../../src/seed/run/run-seed';
import type { RunSeedOutcome } from '../../src/seed/summary';

export const CURATED_SEED_NAME = curatedPostings().name;
export const SYNTHETIC_SEED_NAME = syntheticPostings({ syntheticCount: 0, randomSeed: '' }).name;

/** The content hash of a posting as the seed computes it, and the same in SQL over a row alias. */
export const contentHash = contentHasher(jobPostings);
export const contentHashSql = (alias: string): string => hashSqlOf(hashSpecOf(jobPostings), alias);

/** The checksum the synthetic seed's guard records for a count and random seed. */
export const syntheticChecksum = (syntheticCount: number, randomSeed: string): string =>
  generatedChecksum(syntheticCount, syntheticPostings({ syntheticCount, randomSeed }).variant);

/** Seed options as a run with an empty environment would read them, with overrides. */
export function seedOptions(overrides: Partial<SeedOptions> = {}): SeedOptions {
  return { ...readSeedOptions({}), ...overrides };
}

/** Runs the seed in-process, as `knex seed:run` would; `input` adds what the run reports to (waits, progress). */
export function seed(
  knex: Knex,
  overrides: Partial<SeedOptions> = {},
  curated: readonly SeedPosting[] = CURATED_POSTINGS,
  input: Omit<RunSeedInput, 'options' | 'sources'> = {},
): Promise<RunSeedOutcome> {
  const options = seedOptions(overrides);
  return runSeed(knex, { ...input, options, sources: jobPostingSeeds(options, curated) });
}

/** What {@link seedFile} printed: stdout lines, and stderr (progress, waits) as written. */
export interface SeedFileOutput {
  out: string[];
  err: string;
}

/**
 * Runs the seed file as `knex seed:run` does (`seeds/01_job_postings.ts`'s `runSeedFile`), in-process: its
 * options come from `env` alone (this process's SEED_* variables are set aside for the run), and what it prints
 * is returned (and kept in `output`). A failed run rejects with the one SeedError the CLI would print
 * (`error.format()`); what it printed before is in `output`.
 */
export async function seedFile(
  knex: Knex,
  env: Record<string, string> = {},
  curated: readonly SeedPosting[] = CURATED_POSTINGS,
  output: SeedFileOutput = { out: [], err: '' },
): Promise<SeedFileOutput> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (/^(SEED_|NODE_ENV$)/.test(name)) delete process.env[name];
  Object.assign(process.env, env);
  try {
    await runSeedFile(knex, (options) => jobPostingSeeds(options, curated), {
      out: (line) => output.out.push(line),
      err: {
        write: (text: string) => {
          output.err += text;
        },
      },
    });
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  return output;
}

/** A copy of the curated data set, for tests that change it. */
export function curatedCopy(): SeedPosting[] {
  return CURATED_POSTINGS.map((p) => ({ ...p, required_skills: [...p.required_skills] }));
}

export interface RowState {
  id: string;
  title: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** id -> row state, to compare before and after a run. */
export async function rowStates(knex: Knex): Promise<Map<string, RowState>> {
  const rows = await knex('job_postings').select('id', 'title', 'status', 'created_at', 'updated_at');
  return new Map(
    rows.map((r) => [
      r.id,
      {
        ...r,
        created_at: new Date(r.created_at).toISOString(),
        updated_at: new Date(r.updated_at).toISOString(),
      },
    ]),
  );
}

/**
 * md5 of every row of both tables, in order: equal before and after means nothing was written, but for where the
 * table's write log stood when a seed last counted its rows (`params.table.log`: a no-op that had to count keeps
 * its count's mark; test/write-log.test.ts holds it to that).
 */
export async function tableFingerprint(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(`
    SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM job_postings t), '')) ||
           md5(coalesce((SELECT string_agg((to_jsonb(g) #- '{params,table,log}')::text, '|' ORDER BY g.seed_name)
                         FROM seed_guard g), '')) AS f`);
  return rows[0].f;
}

export async function countRows(knex: Knex, where: Record<string, unknown> = {}): Promise<number> {
  const [{ n }] = await knex('job_postings').where(where).count({ n: '*' });
  return Number(n);
}

/** A posting as the app would insert it: only app columns, no seed bookkeeping. */
export const APP_POSTING: NewJobPosting = {
  title: 'Barista',
  company: 'Cafe Co',
  description: 'Makes coffee.',
  location: 'Hobart, TAS',
  role_category: 'other',
  employment_type: 'part_time',
  work_setup: 'onsite',
};

/** Empties both tables: each test starts from the state it sets up, never from the one before it. */
export async function resetTables(knex: Knex): Promise<void> {
  await knex.raw('TRUNCATE job_postings, seed_guard');
}
