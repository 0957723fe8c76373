import { type RunSettings, SEED_NAMES } from './seed-driver';
import {
  type Counts,
  dataSetKey,
  type Model,
  ownedPresent,
  type Row,
  type SeedTruth,
  seedRowCount,
  ZERO,
} from './table-model';

const setEq = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** One disagreement between what was printed (or left in the table) and the truth, with a kind to group by. */
export interface Violation {
  kind: string;
  seed: string;
  printed: string;
  truth: string;
}

export const formatViolation = (v: Violation): string =>
  `[${v.kind}] ${v.seed}: printed ${JSON.stringify(v.printed)}; truth: ${v.truth}`;

/** What a run printed about one seed. */
interface Printed {
  line: string;
  upToDate: boolean;
  /** "up to date (N postings present, ...)": the owned rows a generated seed's check found. */
  present?: number;
  counts?: Omit<Counts, 'removed'>;
  removed: number;
}

const COUNT_PARTS: [RegExp, keyof Counts][] = [
  [/^(\d+) (?:would be )?created$/, 'created'],
  [/^(\d+) (?:would be )?updated$/, 'updated'],
  [/^(\d+) unchanged$/, 'unchanged'],
  [/^(\d+) edited by the app \(kept\)$/, 'editedByApp'],
  [/^(\d+) deleted by the app \(not re-created\)$/, 'deletedByApp'],
  [/^(\d+) (?:would be )?pruned$/, 'pruned'],
  [/^(\d+) at ids held by rows this seed did not write \(left alone\)$/, 'foreign'],
];

/** The summary lines of a run, per seed; lines the parser does not know are violations of their own. */
export function parseRun(
  lines: string[],
  names: readonly string[],
): { bySeed: Map<string, Printed>; unknown: string[] } {
  const bySeed = new Map<string, Printed>();
  const unknown: string[] = [];
  const get = (name: string, line: string) => {
    const p = bySeed.get(name) ?? { line, upToDate: false, removed: 0 };
    bySeed.set(name, p);
    return p;
  };
  for (const line of lines) {
    if (
      /^Dry run \(SEED_DRY_RUN=true\): nothing was written\. Plan:$/.test(line) ||
      /^ {2}[+~=.!-] /.test(line)
    )
      continue;
    if (/^✓ (Role categories|Tech stacks): /.test(line)) continue;
    const first = line.match(/^✓ Created (\d+) job postings across \d+ tech stacks$/);
    if (first) {
      get(names[0], line).counts = { ...ZERO, created: Number(first[1]) };
      continue;
    }
    const m = line.match(/^(\w+): (.*)$/);
    if (!m || !names.includes(m[1])) {
      unknown.push(line);
      continue;
    }
    const [, name, rest] = m;
    const note = rest.match(
      /^up to date \((\d+) postings? present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them\)$/,
    );
    if (rest === 'up to date') {
      get(name, line).upToDate = true;
    } else if (note) {
      const p = get(name, line);
      p.upToDate = true;
      p.present = Number(note[1]);
    } else if (/^\d+ postings? left the data set and stays? in the table/.test(rest)) {
      get(name, line).removed = Number.parseInt(rest, 10);
    } else if (
      /^SEED_FORCE=true re-creates /.test(rest) ||
      /^content column .* is no longer in the table/.test(rest)
    ) {
      // hints
    } else {
      const counts = { ...ZERO };
      const parts = rest.split(', ');
      const known = parts.every((part) =>
        COUNT_PARTS.some(([re, field]) => {
          const pm = part.match(re);
          if (pm) counts[field] = Number(pm[1]);
          return !!pm;
        }),
      );
      if (known && parts.length >= 3) get(name, line).counts = counts;
      else unknown.push(line);
    }
  }
  return { bySeed, unknown };
}

const FIELDS = [
  'created',
  'updated',
  'unchanged',
  'editedByApp',
  'deletedByApp',
  'pruned',
  'foreign',
] as const;

const countsText = (c: Counts) =>
  FIELDS.filter((f) => c[f] > 0 || f === 'created' || f === 'updated' || f === 'unchanged')
    .map((f) => `${c[f]} ${f}`)
    .join(', ') + (c.removed ? `, ${c.removed} left the data set (in the table)` : '');

/** Every disagreement between a run's printed lines and the truths of its seeds. */
export function checkRunLines(
  lines: string[],
  truths: SeedTruth[],
  model: Model,
  settings: RunSettings,
): Violation[] {
  const names = truths.map((t) => t.name);
  const { bySeed, unknown } = parseRun(lines, names);
  const out: Violation[] = unknown.map((line) => ({
    kind: 'unknown-line',
    seed: '-',
    printed: line,
    truth: 'a line of the documented forms',
  }));
  for (const t of truths) {
    const p = bySeed.get(t.name);
    const seed = model.seeds.get(t.name);
    if (!p) {
      const silentOk =
        settings.count === 0 &&
        t.name !== names[0] &&
        (t.reset || !seed?.applied) &&
        t.counts.removed + t.counts.pruned === 0;
      if (!silentOk)
        out.push({ kind: 'line-missing', seed: t.name, printed: '(nothing)', truth: countsText(t.counts) });
      continue;
    }
    if (p.upToDate && !t.upToDate) {
      out.push({
        kind: 'up-to-date',
        seed: t.name,
        printed: p.line,
        truth: `${t.notUpToDate.join('; ')}; a full comparison: ${countsText(t.counts)}`,
      });
    }
    if (p.present !== undefined && p.present !== t.presentOwned) {
      out.push({
        kind: 'up-to-date:present',
        seed: t.name,
        printed: p.line,
        truth: `${t.presentOwned} of its owned rows are in the table`,
      });
    }
    if (!p.upToDate && !p.counts) {
      out.push({ kind: 'counts-missing', seed: t.name, printed: p.line, truth: countsText(t.counts) });
    }
    if (p.counts) {
      for (const f of FIELDS) {
        if (p.counts[f] !== t.counts[f]) {
          out.push({
            kind: `count:${f}`,
            seed: t.name,
            printed: p.line,
            truth: `${t.counts[f]} ${f} (${countsText(t.counts)})`,
          });
        }
      }
    }
    if (p.removed !== t.counts.removed) {
      out.push({
        kind: 'left-the-data-set',
        seed: t.name,
        printed: p.removed ? `${p.removed} left the data set and stay in the table` : '(no such line)',
        truth: `${t.counts.removed} rows of removed items are in the table`,
      });
    }
  }
  return out;
}

/**
 * After a real run the table equals a fresh database seeded with the same settings (`ref`), by id and content,
 * except rows the app made, edited or deleted (not re-created), and rows of removed items a prune may keep.
 */
export function checkFresh(
  model: Model,
  truths: SeedTruth[],
  ref: Map<string, Row>,
  after: Map<string, Row>,
  settings: RunSettings,
): Violation[] {
  const out: Violation[] = [];
  for (const t of truths) {
    const seed = model.seeds.get(t.name);
    for (const [id, want] of ref) {
      if (want.seedName !== t.name) continue;
      const row = after.get(id);
      if (!row) {
        if (!t.deletedIds.has(id))
          out.push({
            kind: 'fresh:missing',
            seed: t.name,
            printed: `row ${id} missing`,
            truth: 'a fresh seed has it',
          });
      } else if (row.seedName !== t.name) {
        if (!model.appRows.has(id))
          out.push({
            kind: 'fresh:foreign',
            seed: t.name,
            printed: `row ${id} carries seed_name ${row.seedName}`,
            truth: 'the app made no row there',
          });
      } else if (row.content !== want.content && !model.appEdited.has(id)) {
        out.push({
          kind: 'fresh:content',
          seed: t.name,
          printed: `row ${id} content differs from a fresh seed`,
          truth: 'the app did not edit it',
        });
      } else if (settings.force && row.life !== want.life) {
        out.push({
          kind: 'fresh:lifecycle',
          seed: t.name,
          printed: `row ${id} lifecycle differs after SEED_FORCE`,
          truth: 'SEED_FORCE resets lifecycle columns',
        });
      }
    }
    for (const [id, row] of after) {
      if (ref.has(id) || model.appRows.has(id) || row.seedName !== t.name) continue;
      const keptOk = seed?.owned.has(id) && !(settings.prune && (settings.force || !model.appEdited.has(id)));
      if (!keptOk)
        out.push({
          kind: 'fresh:extra',
          seed: t.name,
          printed: `row ${id} (seed_name ${row.seedName}) is in the table`,
          truth: `a fresh seed has no such row and it is neither the app's nor a kept removed item`,
        });
    }
  }
  for (const [id, row] of after) {
    if (!ref.has(id) && !model.appRows.has(id) && !truths.some((t) => t.name === row.seedName))
      out.push({
        kind: 'fresh:extra',
        seed: '-',
        printed: `row ${id} is in the table`,
        truth: 'nobody made it',
      });
  }
  return out;
}

/** db:status's line per seed against the truth: never applied, rows owned, in sync / table changed / repo differs. */
export function checkStatus(lines: string[], model: Model, now: Map<string, Row>): Violation[] {
  const out: Violation[] = [];
  for (const [name, seed] of model.seeds) {
    const line = lines.find((l) => l.startsWith(`  ${name}: `));
    if (!line) {
      out.push({ kind: 'status:line-missing', seed: name, printed: '(no line)', truth: 'one line per seed' });
      continue;
    }
    if (/: never applied/.test(line)) {
      if (seed.applied)
        out.push({
          kind: 'status:never-applied',
          seed: name,
          printed: line,
          truth: `last applied ${seed.applied}`,
        });
      continue;
    }
    if (!seed.applied) {
      out.push({ kind: 'status:never-applied', seed: name, printed: line, truth: 'never applied' });
      continue;
    }
    const m = line.match(
      /, (\d+) rows? owned(?: after the last run, (\d+) with its name in the table now(?: \((\d+) then(?:, other rows)?\))?)?; (.*)$/,
    );
    if (!m) {
      out.push({ kind: 'status:unknown-line', seed: name, printed: line, truth: 'the documented form' });
      continue;
    }
    const present = ownedPresent(model, name, now);
    const rows = seedRowCount(now, name);
    // "N rows owned after the last run, X with its name in the table now (Y then)": N and Y of the last run, X
    // now; without that qualifier N must be there now.
    if (m[2] !== undefined && Number(m[2]) !== rows)
      out.push({
        kind: 'status:in-the-table',
        seed: name,
        printed: `${m[2]} with its name in the table now`,
        truth: `${rows} rows carry its seed_name`,
      });
    else if (m[2] !== undefined && Number(m[1]) !== seed.lastLeft.size)
      out.push({
        kind: 'status:rows-owned',
        seed: name,
        printed: `${m[1]} rows owned after the last run`,
        truth: `the last run left ${seed.lastLeft.size} rows this seed owns`,
      });
    else if (m[3] !== undefined && Number(m[3]) !== seed.lastSeedRows)
      out.push({
        kind: 'status:in-the-table',
        seed: name,
        printed: `${m[3]} then`,
        truth: `the last run left ${seed.lastSeedRows} rows carrying its seed_name`,
      });
    else if (m[2] === undefined && Number(m[1]) !== present.size)
      out.push({
        kind: 'status:rows-owned',
        seed: name,
        printed: `${m[1]} rows owned`,
        truth: `the table holds ${present.size} rows this seed owns`,
      });
    const state = m[4];
    const repoDiffers = seed.applied !== dataSetKey(name, model.repo);
    const membership = setEq(present, seed.lastLeft);
    // What db:status compares besides membership: a hand-written seed's app edits at its owned ids, a generated
    // seed's every id carrying its name (it cannot tell its own ids from copies in SQL).
    const seedIds = new Set([...now].filter(([, r]) => r.seedName === name).map(([id]) => id));
    const sameAsLastRun =
      name === SEED_NAMES[0]
        ? setEq(new Set([...present].filter((id) => model.appEdited.has(id))), seed.lastEdited)
        : setEq(seedIds, seed.lastSeedIds);
    const truth = repoDiffers
      ? 'the repo data set differs'
      : membership
        ? 'in sync (the owned rows the last run left, no more, no fewer)'
        : `the table changed: ${present.size} owned rows present, the last run left ${seed.lastLeft.size}`;
    if (state.startsWith('the repo data set differs') !== repoDiffers)
      out.push({ kind: 'status:repo', seed: name, printed: line, truth });
    else if (!repoDiffers && state === 'in sync with the repo' && !membership)
      out.push({ kind: 'status:in-sync', seed: name, printed: line, truth });
    else if (!repoDiffers && state.startsWith('the table changed') && membership && sameAsLastRun)
      out.push({ kind: 'status:changed', seed: name, printed: line, truth });
  }
  return out;
}
