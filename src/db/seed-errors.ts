import path from 'node:path';
import type { Knex } from 'knex';
import { isSeedError, SeedError } from '../errors';
import { PROJECT_ROOT } from '../project-env';
import { beginSeedRun, committedBefore } from '../seed-run-record';
import { cancelOnSignals } from './cli-signals';
import type { DatabaseTarget } from './database-target';
import { describeError, driverMessage, UNMIGRATED_RELATION_ADVICE } from './describe-error';

/** `seeds/02_courses.ts` for a seed file path, as a person finds it from the project root. */
function seedFileName(file: string): string {
  return path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, file));
}

/**
 * A `knex seed:run` failure outside a seed run (the seed's own errors are one line already): an unknown
 * `--specific`, a seed file that fails to load (knex loads every file before it runs any, so none ran), a seed
 * file without a `seed` function, a plain knex seed file that threw. One {@link SeedError} line naming the file.
 */
export function describeSeederError(error: unknown, target: DatabaseTarget): SeedError {
  if (isSeedError(error)) return error;
  const message = String((error as Error | null)?.message ?? error);
  const specific = /the specific seed "(.*)" does not exist/.exec(message);
  if (specific) {
    return new SeedError(
      'CONFIG_INVALID',
      `--specific=${specific[1]}: there is no such file in seeds/: give the file name as \`ls seeds\` shows it ` +
        '(--specific=01_job_postings.ts); nothing was run',
      { cause: error },
    );
  }
  const noFunction = /Invalid seed file: (.*) must have a seed function/.exec(message);
  if (noFunction) {
    return new SeedError(
      'SEED_FAILED',
      `${seedFileName(noFunction[1])} exports no \`seed\` function: add \`export async function seed(knex)\` or ` +
        'delete the file; no seed file was run',
      { cause: error },
    );
  }
  const executing = /^Error while executing "(.*?)" seed: /.exec(message);
  if (executing) {
    const original = (error as { original?: unknown }).original;
    // An engine seed file's error already says what earlier files committed (src/seed/run/run-seed.ts).
    if (isSeedError(original)) return original;
    const described = describeError(original ?? error, target);
    // knex runs each file on its own: what earlier files of this `knex seed:run` committed stays.
    const before = committedBefore();
    const stays =
      before.length === 0
        ? ''
        : `; ${before.join(', ')}, committed before it by this \`knex seed:run\`, ${before.length === 1 ? 'stays' : 'stay'}`;
    if (described.code !== 'SEED_FAILED') {
      return stays === ''
        ? described
        : new SeedError(described.code, `${described.message}${stays}`, {
            cause: error,
            details: [...described.details],
          });
    }
    const cause = (error as { original?: { code?: string } }).original ?? {};
    // describeError said SEED_FAILED to a 42P01: a relation the shipped migrations do not create.
    const check = cause.code === '42P01' ? ` (42P01), ${UNMIGRATED_RELATION_ADVICE}` : '';
    return new SeedError(
      'SEED_FAILED',
      `${seedFileName(executing[1])} failed: ${driverMessage(cause)}${check}; ` +
        `what that file wrote in its own transactions stays, the seed files after it did not run${stays} ` +
        '(DEBUG=1 shows the stack)',
      { cause: error },
    );
  }
  return describeError(error, target);
}

/**
 * A seed file that throws while knex loads it: one line naming the file and, for an unedited
 * `knex seed:make` stub, what to fill in; a SeedError (a description defineSeedTable refuses) keeps its code and
 * advice. knex loads every seed file before it runs one, so none ran.
 */
export function seedLoadError(file: string, error: unknown): SeedError {
  const name = seedFileName(file);
  const message = String((error as Error | null)?.message ?? error).split('\n')[0];
  const stub = /TODO_/.test(message);
  // A description the engine refuses (defineSeedTable) already says what to change: keep its code and words.
  if (isSeedError(error) && !stub)
    return new SeedError(error.code, `${name}: ${error.message}; no seed file was run`, { cause: error });
  return new SeedError(
    'SEED_FAILED',
    stub
      ? `${name} is an unedited \`knex seed:make\` stub: fill in its TODOs (the table, its columns, the data set) ` +
          'or delete it; no seed file was run'
      : `${name} failed to load: ${message}; no seed file was run: fix it (DEBUG=1 shows the stack) or delete it`,
    { cause: error },
  );
}

type SeederMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/**
 * Makes `knex seed:run` fail with the project's one line instead of knex's stack: wraps the Seeder's `run` and
 * the seed source's `getSeed` (the file load), once, in the CLI process only (knexfile.ts).
 */
export function reportSeedErrorsAsOneLine(target: DatabaseTarget): void {
  // biome-ignore lint/suspicious/noExplicitAny: knex's Seeder is untyped JavaScript.
  const Seeder = require('knex/lib/migrations/seed/Seeder') as any;
  if (Seeder.oneLineErrors) return;
  Seeder.oneLineErrors = true;
  const run: SeederMethod = Seeder.prototype.run;
  Seeder.prototype.run = async function (this: { knex: Knex }, ...args: unknown[]) {
    beginSeedRun();
    const release = cancelOnSignals(this.knex, target, (line) => process.stderr.write(`${line}\n`));
    try {
      return await run.apply(this, args);
    } catch (error) {
      throw describeSeederError(error, target);
    } finally {
      release();
    }
  };
  // biome-ignore lint/suspicious/noExplicitAny: knex's seed source is untyped JavaScript.
  const { FsSeeds } = require('knex/lib/migrations/seed/sources/fs-seeds') as any;
  const getSeed: SeederMethod = FsSeeds.prototype.getSeed;
  FsSeeds.prototype.getSeed = async function (this: unknown, file: unknown) {
    try {
      return await getSeed.call(this, file);
    } catch (error) {
      throw seedLoadError(String(file), error);
    }
  };
}
