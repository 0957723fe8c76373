/**
 * The job postings' seeds, as the seed directory's files declare them (src/seed/run/seed-set.ts): the bench measures
 * them without naming a seed file.
 */
import { readSeedOptions, type SeedOptions } from '../src/config';
import type { SeedPosting } from '../src/data/types';
import { JOB_POSTINGS_TABLE } from '../src/db/job-postings';
import { seedsConfig } from '../src/db/knex-config';
import { seedsOfTableSync } from '../src/seed/run/seed-set';
import type { GeneratedSource, SeedSource, SeedTable } from '../src/seed/table/description';

type Settings = Pick<SeedOptions, 'syntheticCount' | 'randomSeed'>;

/** Every seed that fills job_postings (curated, synthetic), in run order. */
export function jobPostingSeeds(settings: Settings): SeedSource[] {
  return seedsOfTableSync(seedsConfig(), JOB_POSTINGS_TABLE, { ...readSeedOptions({}), ...settings });
}

/** The generated (synthetic) one. */
export function syntheticPostings(settings: Settings): GeneratedSource<SeedPosting> {
  const synthetic = jobPostingSeeds(settings).find((s) => s.kind === 'generated');
  if (!synthetic) throw new Error(`no generated seed fills ${JOB_POSTINGS_TABLE}`);
  return synthetic;
}

/** The job_postings table description. */
export const jobPostings: SeedTable<SeedPosting> = jobPostingSeeds({ syntheticCount: 0, randomSeed: '' })[0]
  .table;
