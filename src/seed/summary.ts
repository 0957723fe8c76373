// What a run did (one result per seed) and the lines it prints.

import type { ConvergeCounts, ConvergeDetails } from './plan/plan';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function countsLine(c: ConvergeCounts, dryRun: boolean): string {
  const would = dryRun ? 'would be ' : '';
  const parts = [`${c.created} ${would}created`, `${c.updated} ${would}updated`, `${c.unchanged} unchanged`];
  if (c.editedByApp) parts.push(`${c.editedByApp} edited by the app (kept)`);
  if (c.deletedByApp) parts.push(`${c.deletedByApp} deleted by the app (not re-created)`);
  if (c.pruned) parts.push(`${c.pruned} ${would}pruned`);
  if (c.foreign) parts.push(`${c.foreign} at ids held by rows this seed did not write (left alone)`);
  return parts.join(', ');
}

function isPlainFirstRun(r: SeedRunResult): boolean {
  const c = r.counts;
  return (
    !!c &&
    r.firstApply &&
    c.updated + c.unchanged + c.editedByApp + c.deletedByApp + c.removed + c.pruned + c.foreign === 0
  );
}

function rate(r: SeedRunResult): string {
  const c = r.counts;
  if (!c || c.created + c.updated < 10_000) return '';
  const seconds = Math.max(r.elapsedMs, 1) / 1000;
  return ` (${seconds.toFixed(1)} s, ${Math.round((c.created + c.updated) / seconds).toLocaleString('en-US')} rows/s)`;
}

/**
 * What "up to date" checked, where it did not compare everything: a generated data set's no-op checks which rows
 * carry its name (their ids' fingerprint), not their content, so app edits since are not compared.
 */
function upToDateNote(r: SeedRunResult): string {
  if (r.editsCompared || !r.present) return '';
  return ` (${plural(r.present, r.noun.one, r.noun.many)} present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)`;
}

/**
 * The lines a seed run prints: one summary per seed, the plan by key for a dry run, hints where useful.
 * `header`: start a dry run's lines with the plan's header (default true; false for the later files of one
 * `knex seed:run`, which prints it once).
 */
export function formatOutcome(outcome: RunSeedOutcome, { header = true } = {}): string[] {
  const lines: string[] = [];
  const { dryRun } = outcome;
  if (dryRun && header) lines.push('Dry run (SEED_DRY_RUN=true): nothing was written. Plan:');
  for (const r of outcome.results) {
    if (r.upToDate) {
      lines.push(`${r.seedName}: up to date${upToDateNote(r)}`);
    } else if (r.counts && isPlainFirstRun(r) && r.firstRunLines && !dryRun) {
      lines.push(...r.firstRunLines(r.counts.created));
    } else if (r.counts) {
      lines.push(`${r.seedName}: ${countsLine(r.counts, dryRun)}${rate(r)}`);
    }
    const d = r.details;
    if (dryRun && d) {
      for (const key of d.created) lines.push(`  + ${key}  (create)`);
      for (const u of d.updated) lines.push(`  ~ ${u.key}  (update: ${u.columns.join(', ')})`);
      for (const key of d.editedByApp) lines.push(`  = ${key}  (edited by the app: kept)`);
      for (const key of d.deletedByApp) lines.push(`  . ${key}  (deleted by the app: not re-created)`);
      for (const key of d.pruned) lines.push(`  - ${key}  (prune)`);
      for (const key of d.foreign)
        lines.push(`  ! ${key}  (its id holds a row this seed did not write: left alone)`);
    }
    const removed = r.pendingRemoved || r.counts?.removed || 0;
    if (removed > 0) {
      const listed = d?.removed ?? r.pendingRemovedKeys ?? [];
      const keys = listed.length ? `: ${listed.slice(0, 10).join(', ')}${removed > 10 ? ', ...' : ''}` : '';
      // Under SEED_PRUNE the ones left are those the app edited: only SEED_FORCE deletes them too.
      const hint = outcome.prune
        ? 'the app edited them; SEED_FORCE=true with SEED_PRUNE=true deletes them'
        : // Without SEED_PRUNE this run did not look at which of them the app edited: SEED_PRUNE keeps those.
          'SEED_PRUNE=true deletes those the app did not edit';
      lines.push(
        `${r.seedName}: ${plural(removed, r.noun.one, r.noun.many)} left the data set and ${removed === 1 ? 'stays' : 'stay'} in the table (${hint})${keys}`,
      );
    }
    const changed = r.counts?.changedOnWrite ?? 0;
    if (changed > 0 && !dryRun) {
      lines.push(
        `${r.seedName}: ${plural(changed, r.noun.one, r.noun.many)} written differ from the data set: the table changed ` +
          `${changed === 1 ? 'it' : 'them'} as ${changed === 1 ? 'it was' : 'they were'} written (a trigger or rule), ` +
          `so ${changed === 1 ? 'it counts' : 'they count'} as edited by the app from now on`,
      );
    }
    if (r.counts?.deletedByApp && !dryRun) {
      lines.push(
        `${r.seedName}: SEED_FORCE=true re-creates the ${r.noun.many} the app deleted and resets edited ones`,
      );
    }
    if (r.droppedContentColumns?.length && r.counts?.editedByApp) {
      lines.push(
        `${r.seedName}: content column ${r.droppedContentColumns.join(', ')} is no longer in the table, so an app edit ` +
          `made before it was dropped cannot be told from a data set change: the ${plural(r.counts.editedByApp, r.noun.one, r.noun.many)} ` +
          `that differ from the data set were kept as the app's (SEED_FORCE=true applies the data set)`,
      );
    }
  }
  return lines;
}

/** What one seed did in a run. */
export interface SeedRunResult {
  seedName: string;
  /** How the summary names the items: `{ one: 'posting', many: 'postings' }`. */
  noun: { one: string; many: string };
  /**
   * The guard's checksum matched, the table holds the rows the last run left (same ids) and there was nothing
   * to prune: nothing was read beyond the guard row and the seed's rows' ids (curated: and content hashes).
   */
  upToDate: boolean;
  /** Up to date runs: the seed's owned rows in the table. */
  present?: number;
  /** Up to date runs: app edits were compared too (hand-written data sets); else the line says they were not. */
  editsCompared?: boolean;
  /** No guard row existed before this run. */
  firstApply: boolean;
  counts?: ConvergeCounts;
  details?: ConvergeDetails;
  /** Seed-owned rows whose item left the data set and are still in the table (SEED_PRUNE=true deletes). */
  pendingRemoved: number;
  /** Up to date runs: the first keys of those items. */
  pendingRemovedKeys?: string[];
  /** A plain first run prints these instead of the counts (the table's `firstRunSummary`). */
  firstRunLines?: (created: number) => string[];
  /** Content columns the guard recorded that the table no longer has: older app edits cannot be told apart. */
  droppedContentColumns?: string[];
  elapsedMs: number;
}

/** What a run did: one result per seed that had something to say. */
export interface RunSeedOutcome {
  results: SeedRunResult[];
  /** True when the run was a plan only and everything was rolled back. */
  dryRun: boolean;
  /** SEED_PRUNE was set: removed postings still in the table are the ones the app edited. */
  prune?: boolean;
}
