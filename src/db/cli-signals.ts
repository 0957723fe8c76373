import type { Knex } from 'knex';
import { Client } from 'pg';
import type { DatabaseTarget } from './database-target';
import { pgConnection } from './knex-config';
import { backendPids } from './pg-client';

let interrupted: NodeJS.Signals | undefined;

/** The signal that interrupted this process's `knex seed:run`, if one did. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return interrupted;
}

/** 128 + the signal number, as a shell reports a process a signal ended. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * For `knex seed:run` (the runner does the same for the scripts, src/command.ts): until the returned function is
 * called, SIGINT/SIGTERM cancel the statements of `knex`'s connections from a connection of their own, so the
 * seed's transaction is rolled back at once instead of a backend waiting on for its lock after the process is
 * gone; the seed file then reports the stop (src/seed/run/run-seed.ts). A second signal, or no connection to cancel
 * from, ends the process as the signal would. The embedded database: nothing to cancel, the default applies.
 */
export function cancelOnSignals(knex: Knex, target: DatabaseTarget, log: (line: string) => void): () => void {
  if (target.kind !== 'postgres') return () => undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(signalExitCode(signal));
    interrupted = signal;
    log(`seed:run: ${signal}: cancelling its statements, so its transaction is rolled back`);
    const client = new Client(pgConnection(target, { application_name: 'job-postings-seed cancel' }));
    client.on('error', () => undefined);
    client
      .connect()
      .then(() =>
        client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [backendPids(knex)]),
      )
      .catch(() => process.exit(signalExitCode(signal)))
      .finally(() => client.end().catch(() => undefined));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
}
