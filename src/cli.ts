import path from 'node:path';
import type { Knex } from 'knex';
import { type CommandSpec, runCommand } from './command';
import type { DatabaseTarget } from './db/database-target';
import type { SeedError } from './errors';

/** Options of {@link runCli}. */
export interface CliOptions {
  /** Turns an error into the one line printed. Default: the seed's describeError. */
  describe?: (error: unknown, target: DatabaseTarget) => SeedError;
  /** The command's name in its lines. Default: the script's file name, `db-status` as `db:status`. */
  name?: string;
  /** The setting bounding its lock waits. Default SEED_LOCK_TIMEOUT. */
  lockTimeout?: CommandSpec['lockTimeout'];
}

/**
 * A script's `main(knex, target)` run by {@link runCommand} as this process (signals handled, exit code set):
 * for scripts that print with `console` and need nothing more of the runner.
 */
export async function runCli(
  main: (knex: Knex, target: DatabaseTarget) => Promise<void>,
  options: CliOptions = {},
): Promise<void> {
  const name = options.name ?? path.basename(process.argv[1] ?? 'command', '.ts').replace('-', ':');
  process.exitCode = await runCommand(
    { name, lockTimeout: options.lockTimeout ?? 'SEED_LOCK_TIMEOUT', describe: options.describe },
    ({ knex, target }) => main(knex, target),
    { signals: true },
  );
}
