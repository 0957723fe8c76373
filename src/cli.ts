import dotenv from 'dotenv';
import knexFactory, { type Knex } from 'knex';
import { type DatabaseTarget, readDatabaseTarget } from './config';
import { describeError } from './db/describe-error';
import { knexConfig } from './db/knex-config';
import { isSeedError } from './errors';

/**
 * Runs a script's `main` with a knex instance from the same configuration as knexfile.ts, and turns any error
 * into one actionable line on stderr and exit code 1.
 */
export async function runCli(main: (knex: Knex, target: DatabaseTarget) => Promise<void>): Promise<void> {
  dotenv.config({ quiet: true });
  let target: DatabaseTarget | undefined;
  let knex: Knex | undefined;
  try {
    target = readDatabaseTarget();
    knex = knexFactory(knexConfig(target));
    await main(knex, target);
  } catch (error) {
    // Errors before the target is known (bad config) are SeedErrors already.
    const seedError = target ? describeError(error, target) : error;
    console.error(isSeedError(seedError) ? seedError.format() : String(seedError));
    process.exitCode = 1;
  } finally {
    await knex?.destroy();
  }
}
