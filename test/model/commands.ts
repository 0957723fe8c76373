import fc from 'fast-check';
import type { Knex } from 'knex';
import type { DatabaseTarget } from '../../src/db/database-target';
import { checkFresh, checkRunLines, checkStatus, formatViolation, type Violation } from './oracle';
import {
  anotherKnex,
  type RunSettings,
  runSeedLines,
  SEED_NAMES,
  seedItems,
  statusLines,
  TABLE,
} from './seed-driver';
import {
  afterRun,
  cloneModel,
  emptyModel,
  fingerprint,
  type Model,
  type Row,
  readRows,
  type SeedTruth,
  truthOf,
} from './table-model';

/**
 * A fresh database seeded with given settings: what the table must equal after a real run. Posting i of a
 * generated data set is a function of (i, random seed) whatever the count, so one fresh seed per random seed, with
 * the largest count asked for so far (at least {@link REFERENCE_MIN_COUNT}), holds the data set of every smaller
 * count: its curated rows and its first `count` synthetic ones. One reseed per random seed instead of one per
 * (count, random seed) asked; should a run's rows ever depend on the count, the comparison with the larger run
 * fails (fresh:content, fresh:missing). The rows are data: references on databases of one kind may share them
 * (`shared`), so a file's second suite seeds no reference of its own.
 */
export const REFERENCE_MIN_COUNT = 60;

export interface ReferenceRows {
  /** Per random seed: the largest count seeded and its rows. */
  seeded: Map<string, { count: number; rows: Map<string, Row> }>;
  /** Per `count/randomSeed`: the rows of that data set. */
  views: Map<string, Map<string, Row>>;
}

export const referenceRows = (): ReferenceRows => ({ seeded: new Map(), views: new Map() });

export class Reference {
  private readonly seeded: ReferenceRows['seeded'];
  private readonly views: ReferenceRows['views'];
  /** `database`: the reference database's knex, asked for (and made) on the first fresh seed. */
  constructor(
    private readonly database: () => Promise<Knex>,
    shared: ReferenceRows = referenceRows(),
  ) {
    this.seeded = shared.seeded;
    this.views = shared.views;
  }

  async rows(settings: Pick<RunSettings, 'count' | 'randomSeed'>): Promise<Map<string, Row>> {
    const key = `${settings.count}/${settings.randomSeed}`;
    const seen = this.views.get(key);
    if (seen) return seen;
    let base = this.seeded.get(settings.randomSeed);
    if (!base || base.count < settings.count) {
      const count = Math.max(settings.count, REFERENCE_MIN_COUNT);
      const full = { count, randomSeed: settings.randomSeed };
      const knex = await this.database();
      await knex.raw(`TRUNCATE ${TABLE}, seed_guard`);
      await runSeedLines(knex, { ...full, force: false, prune: false, dryRun: false });
      const rows = await readRows(knex);
      const expected = seedItems(full).reduce((n, s) => n + s.ids.length, 0);
      if (rows.size !== expected)
        throw new Error(`reference: ${rows.size} rows after a fresh seed, expected ${expected}`);
      base = { count, rows };
      this.seeded.set(settings.randomSeed, base);
      // Views of a smaller count are still right (the same rows), so they stay.
    }
    const view = new Map<string, Row>();
    for (const { name, ids } of seedItems(settings)) {
      for (const id of ids) {
        const row = base.rows.get(id);
        if (!row || row.seedName !== name)
          throw new Error(`reference: ${name} item ${id} is not in a fresh seed of ${base.count} postings`);
        view.set(id, row);
      }
    }
    this.views.set(key, view);
    return view;
  }
}

/** What the commands act on: the database under test, its reference, and the kinds of lies already known. */
export interface Real {
  knex: Knex;
  target: DatabaseTarget;
  ref: Reference;
  /** Whether two knex instances can run at once (a server); PGlite runs the "concurrent" pair one by one. */
  parallel: boolean;
  /** Violation kinds not to fail on (SEED_FUZZ_IGNORE, or the known lies while they are not fixed). */
  ignore: ReadonlySet<string>;
  /** Lines of the steps so far, printed with a failure. */
  trace: string[];
}

type Cmd = fc.AsyncCommand<Model, Real>;

function fail(real: Real, step: string, violations: Violation[]): void {
  const shown = violations.filter((v) => !real.ignore.has(v.kind));
  if (shown.length === 0) return;
  throw new Error(
    `${step}: ${shown.length} disagreement(s) with the table:\n  ${shown.map(formatViolation).join('\n  ')}\n` +
      `trace:\n  ${real.trace.join('\n  ')}`,
  );
}

/** db:status, run after every step, against the truth. */
async function status(model: Model, real: Real, step: string): Promise<void> {
  const lines = await statusLines(real.knex, real.target, model.repo);
  real.trace.push(
    `  db:status: ${lines
      .filter((l) => l.startsWith('  job_postings'))
      .join(' | ')
      .trim()}`,
  );
  fail(real, `${step}, then db:status`, checkStatus(lines, model, await readRows(real.knex)));
}

const settingsText = (s: RunSettings) =>
  `count=${s.count} seed=${s.randomSeed}${s.force ? ' force' : ''}${s.prune ? ' prune' : ''}${s.dryRun ? ' dry-run' : ''}`;

/** The truths of every seed of a run with `settings`, against the table now. */
async function truths(model: Model, real: Real, settings: RunSettings, before: Map<string, Row>) {
  const ref = await real.ref.rows(settings);
  return { ref, truths: SEED_NAMES.map((name) => truthOf(model, name, ref, before, settings)) };
}

export class SeedRun implements Cmd {
  constructor(readonly settings: RunSettings) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = `seed run (${settingsText(this.settings)})`;
    const before = await readRows(real.knex);
    const { ref, truths: t } = await truths(model, real, this.settings, before);
    const print = this.settings.dryRun ? await fingerprint(real.knex) : '';
    let lines: string[];
    try {
      lines = await runSeedLines(real.knex, this.settings);
    } catch (error) {
      real.trace.push(`${step} -> threw ${String(error)}`);
      return fail(real, step, [{ kind: 'error', seed: '-', printed: String(error), truth: 'no error' }]);
    }
    real.trace.push(`${step} -> ${lines.filter((l) => !/^( {2}[+~=.!-] |✓ [RT])/.test(l)).join(' | ')}`);
    const violations = checkRunLines(lines, t, model, this.settings);
    if (this.settings.dryRun) {
      if ((await fingerprint(real.knex)) !== print)
        violations.push({ kind: 'dry-run-wrote', seed: '-', printed: lines[0], truth: 'the table changed' });
    } else {
      const after = await readRows(real.knex);
      afterRun(model, t, ref, before, after, this.settings);
      violations.push(...checkFresh(model, t, ref, after, this.settings));
    }
    model.repo = { count: this.settings.count, randomSeed: this.settings.randomSeed };
    fail(real, step, violations);
    await status(model, real, step);
  }
  toString = () => `SeedRun(${settingsText(this.settings)})`;
}

/** Two runs with the same settings at once: one converges, the other finds nothing left to do. */
export class ConcurrentRuns implements Cmd {
  constructor(readonly settings: RunSettings) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = `two concurrent runs (${settingsText(this.settings)})`;
    const before = await readRows(real.knex);
    const { ref, truths: first } = await truths(model, real, this.settings, before);
    let outputs: string[][];
    if (real.parallel) {
      const second = anotherKnex(real.target);
      try {
        outputs = await Promise.all([
          runSeedLines(real.knex, this.settings),
          runSeedLines(second, this.settings),
        ]);
      } finally {
        await second.destroy();
      }
    } else {
      outputs = [await runSeedLines(real.knex, this.settings), await runSeedLines(real.knex, this.settings)];
    }
    real.trace.push(`${step} -> ${outputs.map((o) => o.join(' | ')).join(' || ')}`);
    const after = await readRows(real.knex);
    let best: { violations: Violation[]; model: Model } | undefined;
    for (const [a, b] of [
      [0, 1],
      [1, 0],
    ]) {
      const m = cloneModel(model);
      const violations = checkRunLines(outputs[a], first, m, this.settings);
      afterRun(m, first, ref, before, after, this.settings);
      // The second run found the table the first one left (it wrote nothing itself).
      const second: SeedTruth[] = SEED_NAMES.map((name) => truthOf(m, name, ref, after, this.settings));
      violations.push(...checkRunLines(outputs[b], second, m, this.settings));
      violations.push(...checkFresh(m, first, ref, after, this.settings));
      if (!best || violations.length < best.violations.length) best = { violations, model: m };
    }
    const chosen = best as { violations: Violation[]; model: Model };
    Object.assign(model, chosen.model);
    model.repo = { count: this.settings.count, randomSeed: this.settings.randomSeed };
    fail(real, step, chosen.violations);
    await status(model, real, step);
  }
  toString = () => `ConcurrentRuns(${settingsText(this.settings)})`;
}

/** Rows carrying a seed's name (of one seed, or any), in id order: what the app's picks index into. */
async function seedRowIds(
  knex: Knex,
  seedName?: string,
  techStack?: string,
  except: string[] = [],
): Promise<string[]> {
  const q = knex(TABLE).select('id').whereNotNull('seed_name').orderBy('id');
  if (seedName) q.where({ seed_name: seedName });
  if (techStack) q.where({ tech_stack: techStack });
  if (except.length > 0) q.whereNotIn('id', except);
  return (await q).map((r: { id: string }) => r.id);
}

const appRow = (title: string) => ({
  title,
  company: 'Cafe Co',
  description: 'Made by the app.',
  location: 'Hobart, TAS',
  role_category: 'other',
  employment_type: 'part_time',
  work_setup: 'onsite',
});

export class AppInsertsOwnRows implements Cmd {
  constructor(readonly n: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const rows = Array.from({ length: this.n }, (_, i) => appRow(`App posting ${i}`));
    const ids = await real.knex(TABLE).insert(rows).returning('id');
    for (const r of ids) model.appRows.add(typeof r === 'string' ? r : r.id);
    real.trace.push(`app inserts ${this.n} own rows`);
    await status(model, real, this.toString());
  }
  toString = () => `AppInsertsOwnRows(${this.n})`;
}

/** The app inserts a row of its own at the id of a posting the table lacks (one the app deleted, or a future one). */
export class AppInsertsAtSeedId implements Cmd {
  /** `firstSynthetic`: only among the ids of the first n synthetic postings (ids do not depend on the seed). */
  constructor(
    readonly pick: number,
    readonly firstSynthetic?: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const items = seedItems({ count: this.firstSynthetic ?? 60, randomSeed: 'a' });
    const ids = (this.firstSynthetic === undefined ? items : items.slice(1)).flatMap((s) => s.ids);
    const present = new Set(
      (await real.knex(TABLE).whereIn('id', ids).select('id')).map((r: { id: string }) => r.id),
    );
    const free = ids.filter((id) => !present.has(id));
    if (free.length === 0) return void real.trace.push('app inserts at a seed id: none free');
    const id = free[this.pick % free.length];
    await real.knex(TABLE).insert({ id, ...appRow('App row at a seed id') });
    model.appRows.add(id);
    real.trace.push(`app inserts its own row at seed id ${id}`);
    await status(model, real, this.toString());
  }
  toString = () =>
    `AppInsertsAtSeedId(${this.pick}${this.firstSynthetic === undefined ? '' : `, ${this.firstSynthetic}`})`;
}

/** The app copies seed rows: every column but id, so seed_name and seed_content_hash too. */
export class AppCopiesSeedRows implements Cmd {
  constructor(
    readonly picks: number[],
    readonly seedName?: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ids = await seedRowIds(real.knex, this.seedName);
    if (ids.length === 0) return void real.trace.push('app copies: no seed rows');
    const { rows: cols } = await real.knex.raw(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ? AND column_name <> 'id' ORDER BY ordinal_position`,
      [TABLE],
    );
    const list = cols.map((c: { column_name: string }) => `"${c.column_name}"`).join(', ');
    const chosen = this.picks.map((p) => ids[p % ids.length]);
    for (const id of chosen) {
      const { rows } = await real.knex.raw(
        `INSERT INTO ${TABLE} (${list}) SELECT ${list} FROM ${TABLE} WHERE id = ? RETURNING id`,
        [id],
      );
      model.appRows.add(rows[0].id);
    }
    real.trace.push(`app copies ${chosen.length} seed row(s) with seed_name`);
    await status(model, real, this.toString());
  }
  toString = () => `AppCopiesSeedRows([${this.picks}]${this.seedName ? `, ${this.seedName}` : ''})`;
}

/** The app edits seed rows: their content (a title), or only a lifecycle column (status closed). */
export class AppEditsSeedRows implements Cmd {
  constructor(
    readonly picks: number[],
    readonly what: 'content' | 'lifecycle',
    readonly seedName?: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ids = await seedRowIds(real.knex, this.seedName);
    if (ids.length === 0) return void real.trace.push('app edits: no seed rows');
    const chosen = [...new Set(this.picks.map((p) => ids[p % ids.length]))];
    for (const id of chosen) {
      if (this.what === 'content') {
        await real
          .knex(TABLE)
          .where({ id })
          .update({ title: real.knex.raw(`title || ' (edited by the app)'`) });
        if (!model.appRows.has(id)) model.appEdited.add(id);
      } else {
        await real.knex(TABLE).where({ id }).update({ status: 'closed' });
      }
    }
    real.trace.push(`app edits ${this.what} of ${chosen.length} seed row(s)`);
    await status(model, real, this.toString());
  }
  toString = () =>
    `AppEditsSeedRows([${this.picks}], ${this.what}${this.seedName ? `, ${this.seedName}` : ''})`;
}

/**
 * The app deletes seed rows: picked among rows with a seed_name (of one seed, one tech stack, or all but the first
 * n synthetic postings), in id order.
 */
export class AppDeletesSeedRows implements Cmd {
  constructor(
    readonly picks: number[] | 'all',
    readonly filter: { seedName?: string; techStack?: string; exceptFirstSynthetic?: number } = {},
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const except =
      this.filter.exceptFirstSynthetic === undefined
        ? []
        : (seedItems({ count: this.filter.exceptFirstSynthetic, randomSeed: 'a' })[1]?.ids ?? []);
    const ids = await seedRowIds(real.knex, this.filter.seedName, this.filter.techStack, except);
    if (ids.length === 0) return void real.trace.push('app deletes: no seed rows');
    const chosen = this.picks === 'all' ? ids : [...new Set(this.picks.map((p) => ids[p % ids.length]))];
    await real.knex(TABLE).whereIn('id', chosen).delete();
    real.trace.push(`app deletes ${chosen.length} seed row(s) ${JSON.stringify(this.filter)}`);
    await status(model, real, this.toString());
  }
  toString = () =>
    `AppDeletesSeedRows(${this.picks === 'all' ? "'all'" : `[${this.picks}]`}${
      Object.keys(this.filter).length ? `, ${JSON.stringify(this.filter)}` : ''
    })`;
}

export class AppTruncates implements Cmd {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.knex.raw(`TRUNCATE ${TABLE}`);
    model.appRows.clear();
    model.appEdited.clear();
    real.trace.push(`TRUNCATE ${TABLE}`);
    await status(model, real, this.toString());
  }
  toString = () => 'AppTruncates()';
}

/** The app adds (or drops) a nullable column of its own on the table. */
export class AppColumn implements Cmd {
  constructor(readonly add: boolean) {}
  check = (m: Readonly<Model>) => m.appColumn !== this.add;
  async run(model: Model, real: Real): Promise<void> {
    await real.knex.raw(
      `ALTER TABLE ${TABLE} ${this.add ? 'ADD COLUMN app_note text' : 'DROP COLUMN app_note'}`,
    );
    model.appColumn = this.add;
    real.trace.push(`${this.add ? 'ADD' : 'DROP'} COLUMN app_note`);
    await status(model, real, this.toString());
  }
  toString = () => `AppColumn(${this.add ? 'add' : 'drop'})`;
}

/** Every table empty, the app's column gone: the state each sequence starts from. */
export async function freshStart(real: Real): Promise<{ model: Model; real: Real }> {
  await real.knex.raw(`TRUNCATE ${TABLE}, seed_guard`);
  await real.knex.raw(`ALTER TABLE ${TABLE} DROP COLUMN IF EXISTS app_note`);
  real.trace.length = 0;
  return { model: emptyModel(), real };
}

const settingsArb = (dryRun: fc.Arbitrary<boolean>) =>
  fc.record({
    count: fc.oneof(fc.constantFrom(0, 5, 10, 60), fc.integer({ min: 0, max: 60 })),
    randomSeed: fc.constantFrom('a', 'b'),
    force: fc.boolean(),
    prune: fc.boolean(),
    dryRun,
  });

const picks = fc.array(fc.nat({ max: 200 }), { minLength: 1, maxLength: 5 });

/** The commands a random sequence is made of. */
export function commandArbs(): fc.Arbitrary<Cmd>[] {
  return [
    settingsArb(fc.boolean()).map((s) => new SeedRun(s)),
    settingsArb(fc.boolean()).map((s) => new SeedRun(s)),
    settingsArb(fc.constant(false)).map((s) => new ConcurrentRuns({ ...s, force: false })),
    fc.integer({ min: 1, max: 3 }).map((n) => new AppInsertsOwnRows(n)),
    fc
      .tuple(picks, fc.constantFrom(undefined, ...SEED_NAMES))
      .map(([p, name]) => new AppCopiesSeedRows(p, name)),
    fc
      .tuple(picks, fc.constantFrom('content' as const, 'lifecycle' as const))
      .map(([p, w]) => new AppEditsSeedRows(p, w)),
    fc
      .tuple(
        fc.oneof(picks, fc.array(fc.nat({ max: 200 }), { minLength: 20, maxLength: 90 })),
        fc.constantFrom(undefined, ...SEED_NAMES),
      )
      .map(([p, seedName]) => new AppDeletesSeedRows(p, seedName ? { seedName } : {})),
    fc.constant(new AppTruncates()),
    fc.nat({ max: 200 }).map((p) => new AppInsertsAtSeedId(p)),
    fc.boolean().map((add) => new AppColumn(add)),
  ];
}
