import {
  boolean,
  type CuratedSource,
  defineSeedTable,
  type GeneratedSource,
  jsonbStrings,
  numeric,
  runSeedFile,
  type SeedSource,
  text,
} from 'job-postings-seed/engine';
import type { Knex } from 'knex';
import type { SeedOptions } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { postingsFirstRunSummary } from '../src/data/first-run-summary';
import type * as GenerateModule from '../src/data/generate';
import { GENERATOR_VERSION } from '../src/data/generator-version';
import { POSTING_ID_NAMESPACE } from '../src/data/posting-id';
import type { SeedPosting } from '../src/data/types';
import { postingProblems, postingSetProblems } from '../src/data/validate-posting';

/** job_postings as the seed engine sees it. Add a content column here, in its migration and in the data set. */
export const jobPostings = defineSeedTable<SeedPosting>({
  table: 'job_postings',
  idNamespace: POSTING_ID_NAMESPACE, // id = uuidv5(posting.key)
  content: {
    title: text(),
    company: text(),
    description: text(),
    location: text(),
    role_category: text(),
    tech_stack: text(),
    employment_type: text(),
    work_setup: text(),
    salary_min: numeric(12, 2),
    salary_max: numeric(12, 2),
    salary_currency: text(),
    required_skills: jsonbStrings(),
    experience_level: text(),
  },
  // Set on create; then the app's (closing, cancelling a posting), reset only by SEED_FORCE.
  lifecycle: { status: text('active'), is_cancelled: boolean(false), cancellation_reason: text(null) },
  // created_at / updated_at of a new row: this many minutes before the seed writes it, rolled by the week to
  // keep the weekday and time the age names (src/data/ages.ts).
  ages: { created: 'age_minutes', updated: 'updated_age_minutes', roll: 'week' },
  validate: postingProblems,
  validateDataSet: postingSetProblems,
  noun: { one: 'posting', many: 'postings' },
  firstRunSummary: postingsFirstRunSummary,
});

/** The hand-written catalogue (src/data/curated.ts). */
export const curatedPostings = (
  postings: readonly SeedPosting[] = CURATED_POSTINGS,
): CuratedSource<SeedPosting> => ({
  kind: 'curated',
  name: 'job_postings',
  table: jobPostings,
  items: postings,
});

/**
 * The generator loads on first use: a run that generates no synthetic posting (none asked for, or a no-op rerun:
 * its checksum needs only GENERATOR_VERSION) never pays for it (a tenth of a second or more).
 * Kept once loaded: `require` of a loaded module still costs about 5 µs, and a load in id order asks for the
 * generator once per posting.
 */
let generatorModule: typeof GenerateModule | undefined;
const generator = (): typeof GenerateModule => {
  generatorModule ??= require('../src/data/generate') as typeof GenerateModule;
  return generatorModule;
};

/** SEED_SYNTHETIC_JOB_POSTINGS postings made by the generator: posting i is a function of (i, SEED_RANDOM_SEED). */
export const syntheticPostings = (
  options: Pick<SeedOptions, 'syntheticCount' | 'randomSeed'>,
): GeneratedSource<SeedPosting> => ({
  kind: 'generated',
  name: 'job_postings_synthetic',
  table: jobPostings,
  count: options.syntheticCount,
  variant: { generatorVersion: GENERATOR_VERSION, randomSeed: options.randomSeed },
  generate: (from, to) => generator().generatePostings(from, to, options.randomSeed),
  keyOf: (index) => generator().syntheticKey(index),
});

/**
 * One transaction under the seed's advisory lock (concurrent runs queue; any error writes nothing). Per seed:
 * read its guard row (same checksum and the table still holding its rows: "up to date", done); stage the data
 * set with COPY into a temp table; compare it with the table (missing, different, edited or deleted by the app,
 * left the data set); write only what differs; record the guard; print created/updated/unchanged. README
 * "What a rerun does" has the rules.
 *
 * The curated postings are written with knex's `insert(rows).onConflict('id').merge([content columns])`, rows
 * limited to the missing and differing ones. The synthetic ones can be a million, and a knex insert sends every
 * value through Node as a bind parameter (at most 65,535 per statement): new rows are COPYed straight in and
 * changed ones written with `UPDATE ... FROM` the staged rows, which `npm run bench` puts within a few tenths of
 * PostgreSQL's own COPY of the same rows.
 */
export async function seed(knex: Knex): Promise<void> {
  await runSeedFile(knex, sources);
}

/** This file's seeds for a run's options, without running them: what db:status, seed:plan, report and export read. */
export const sources = (options: SeedOptions): SeedSource[] => jobPostingSeeds(options);

/** Both seeds of this file, in the order they run (scripts and tests run them the same way). */
export function jobPostingSeeds(
  options: Pick<SeedOptions, 'syntheticCount' | 'randomSeed'>,
  postings: readonly SeedPosting[] = CURATED_POSTINGS,
): SeedSource[] {
  return [curatedPostings(postings), syntheticPostings(options)];
}
