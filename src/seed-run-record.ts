/**
 * What one `knex seed:run` has committed so far. knex runs each seed file on its own (each in its own
 * transaction, no transaction around the set), so when a later file fails, the earlier files' writes stay:
 * the failing file's error says so, by name, instead of letting "nothing was written" stand for the command.
 * Kept per process: the knex CLI runs one `seed:run` per process and begins the record (seed-errors.ts);
 * without {@link beginSeedRun} nothing is recorded (`knex.seed.run()` from code, tests).
 */
let committed: string[] | undefined;
/** What was said once already in this `knex seed:run` (the plan's header). */
let said: Set<string> | undefined;
/** Per seeded table, whether it held no row when the first seed file of this `knex seed:run` that seeds it ran. */
let emptied: Map<string, boolean> | undefined;

/** Starts the record of a `knex seed:run`. */
export function beginSeedRun(): void {
  committed = [];
  said = new Set();
  emptied = new Map();
}

/** Ends the record (a process that runs `knex.seed.run()` again from code, tests). */
export function endSeedRun(): void {
  committed = undefined;
  said = undefined;
  emptied = undefined;
}

/**
 * Whether `table` was emptied before this `knex seed:run` (TRUNCATE, then seed:run): `emptyNow` as the first seed
 * file that seeds it found it, for every later file too (their seeds start over as well, though the first file
 * wrote rows since). Outside one, `emptyNow`.
 */
export function emptiedAtSeedRunStart(table: string, emptyNow: boolean): boolean {
  if (!emptied) return emptyNow;
  if (!emptied.has(table)) emptied.set(table, emptyNow);
  return emptied.get(table) as boolean;
}

/** True the first time per `knex seed:run` (every time outside one): for what the run says once, not per file. */
export function firstInSeedRun(what: string): boolean {
  if (!said) return true;
  if (said.has(what)) return false;
  said.add(what);
  return true;
}

/** A seed file's run committed these seeds (by seed name). */
export function recordCommitted(seedNames: readonly string[]): void {
  committed?.push(...seedNames);
}

/** The seeds earlier files of this `knex seed:run` committed (none outside one). */
export function committedBefore(): readonly string[] {
  return committed ?? [];
}

/** The part of a failing seed file's error that says what the earlier files committed, or ''. */
export function committedBeforeNote(): string {
  const before = committedBefore();
  if (before.length === 0) return '';
  const names = before.length === 1 ? before[0] : `${before.slice(0, -1).join(', ')} and ${before.at(-1)}`;
  return ` (this seed file only: ${names}, committed before it by this \`knex seed:run\`, ${before.length === 1 ? 'stays' : 'stay'})`;
}
