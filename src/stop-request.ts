// A stop asked for by SIGINT/SIGTERM, for the waits that run no statement a cancel could end: a migrate's retry
// loop and the embedded database's lock wait. The signal handlers (src/command.ts, src/knex-cli.ts) ask; the waits
// look before each pause and end the command, which then says it stopped (exit 130/143).

let requested: NodeJS.Signals | undefined;

/** Asks every wait of this process to stop. */
export function requestStop(signal: NodeJS.Signals): void {
  requested ??= signal;
}

/** Forgets the request: when the handler that made it is removed (a command run in process ends). */
export function clearStopRequest(): void {
  requested = undefined;
}

/** What a wait throws once a stop was asked for; the handler's command reports the stop itself. */
export class StopRequested extends Error {
  override readonly name = 'StopRequested';
}

/** Throws {@link StopRequested} when a stop was asked for: called by a wait before each of its pauses. */
export function throwIfStopRequested(what: string): void {
  if (requested) throw new StopRequested(`${requested} while ${what}`);
}
