import knexFactory, { type Knex } from 'knex';
import { type DatabaseTarget, readDatabaseTarget } from './config';
import { describeError } from './db/describe-error';
import { knexConfig } from './db/knex-config';
import { onServerFacts } from './db/server-facts';
import { isSeedError, type SeedError } from './errors';
import { loadProjectEnv } from './project-env';
import { targetLine } from './target-line';

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Turns an error into the one line printed. Default: the seed's {@link describeError}. */
  describe?: (error: unknown, target: DatabaseTarget) => SeedError;
}

/**
 * Runs a script's `main` with a knex instance from the same configuration as knexfile.ts (the project root's
 * `.env`, whatever the working directory), after printing the target line on stderr (a server's once
 * connected, from what the server says); turns any error into one
 * actionable line on stderr and exit code 1.
 */
export async function runCli(
  main: (knex: Knex, target: DatabaseTarget) => Promise<void>,
  options: CliOptions = {},
): Promise<void> {
  const describe = options.describe ?? describeError;
  let target: DatabaseTarget | undefined;
  let knex: Knex | undefined;
  try {
    const origin = loadProjectEnv();
    target = readDatabaseTarget();
    if (target.kind === 'postgres') {
      const server = target;
      onServerFacts(server, (facts) => console.error(targetLine(server, origin, process.env, facts)));
    } else console.error(targetLine(target, origin));
    knex = knexFactory(knexConfig(target));
    // Connect before `main` prints anything: the target line, and `target`, then say what the server said.
    if (target.kind === 'postgres')
      await knex.client.releaseConnection(await knex.client.acquireConnection());
    await main(knex, target);
  } catch (error) {
    // Errors before the target is known (bad config) are SeedErrors already.
    const seedError = target ? describe(error, target) : error;
    console.error(isSeedError(seedError) ? seedError.format() : String(seedError));
    process.exitCode = 1;
  } finally {
    await knex?.destroy();
  }
}
