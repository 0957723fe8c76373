/**
 * The only file of the model-based test that imports the seed engine and db:status: their module paths change
 * as the engine is regrouped, so everything the model needs from them passes through here, as plain values.
 */
import knexFactory, { type Knex } from 'knex';
import { printStatus } from '../../scripts/db-status';
import { jobPostingSeeds, jobPostings } from '../../seeds/01_job_postings';
import { readSeedOptions } from '../../src/config';
import type { DatabaseTarget } from '../../src/db/database-target';
import { knexConfig } from '../../src/db/knex-config';
import { runSeed } from '../../src/seed/run/run-seed';
import { formatOutcome } from '../../src/seed/summary';

/** What a run is asked to do: the settings of SEED_SYNTHETIC_JOB_POSTINGS, SEED_RANDOM_SEED and the flags. */
export interface RunSettings {
  count: number;
  randomSeed: string;
  force: boolean;
  prune: boolean;
  dryRun: boolean;
}

/** The seeds of the seed file, by name, with the ids of the items a run with `settings` converges. */
export interface SeedItems {
  name: string;
  ids: string[];
}

/** Names of the seeds (guard rows, `seed_name`) in the order they run. */
export const SEED_NAMES = jobPostingSeeds({ syntheticCount: 0, randomSeed: 'x' }).map((s) => s.name);

/** The table's content columns (what an app edit changes) and lifecycle columns (set once, reset by force). */
export const CONTENT_COLUMNS: readonly string[] = jobPostings.contentColumns;
export const LIFECYCLE_COLUMNS: readonly string[] = jobPostings.lifecycleColumns;
export const TABLE = jobPostings.table;

/** The ids of the items each seed converges with `settings`, from the seed file's data sets (not the engine). */
export function seedItems(settings: Pick<RunSettings, 'count' | 'randomSeed'>): SeedItems[] {
  return jobPostingSeeds({ syntheticCount: settings.count, randomSeed: settings.randomSeed }).map((s) => ({
    name: s.name,
    ids:
      s.kind === 'curated'
        ? s.items.map((item) => s.table.idOf(item.key))
        : Array.from({ length: s.count }, (_, i) => s.table.idOf(s.keyOf(i))),
  }));
}

/** One seed run in-process, as `knex seed:run` runs it: the lines it prints on stdout. */
export async function runSeedLines(knex: Knex, settings: RunSettings): Promise<string[]> {
  const options = {
    ...readSeedOptions({}),
    syntheticCount: settings.count,
    randomSeed: settings.randomSeed,
    force: settings.force,
    prune: settings.prune,
    dryRun: settings.dryRun,
    lockTimeoutSeconds: 60,
  };
  return formatOutcome(
    await runSeed(knex, {
      options,
      sources: jobPostingSeeds(options),
    }),
  );
}

/** `npm run db:status` in-process, as it would print with SEED_SYNTHETIC_JOB_POSTINGS / SEED_RANDOM_SEED set. */
export async function statusLines(
  knex: Knex,
  target: DatabaseTarget,
  settings: Pick<RunSettings, 'count' | 'randomSeed'>,
): Promise<string[]> {
  const lines: string[] = [];
  await printStatus(knex, target, (line) => lines.push(line), {
    syntheticCount: settings.count,
    randomSeed: settings.randomSeed,
  });
  return lines;
}

/** A second knex instance on the same database, as a second process would have (a server only: see Real.parallel). */
export function anotherKnex(target: DatabaseTarget): Knex {
  return knexFactory(knexConfig(target));
}
