/**
 * What one `knex seed:run` has committed so far. knex runs each seed file on its own (each in its own
 * transaction, no transaction around the set), so when a later file fails, the earlier files' writes stay:
 * the failing file's error says so, by name, instead of letting "nothing was written" stand for the command.
 * Kept per process: the knex CLI runs one `seed:run` per process and begins the record (seed-errors.ts);
 * without {@link beginSeedRun} nothing is recorded (`knex.seed.run()` from code, tests).
 */
let committed: string[] | undefined;

/** Starts the record of a `knex seed:run`. */
export function beginSeedRun(): void {
  committed = [];
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
  const [verb, it] = before.length === 1 ? ['was', 'it stays'] : ['were', 'they stay'];
  return ` (this seed file only: before it, this \`knex seed:run\` committed ${before.join(', ')}, which ${verb} not undone: ${it})`;
}
