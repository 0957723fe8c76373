import type { Knex } from 'knex';
import { CONTENT_COLUMNS, LIFECYCLE_COLUMNS, type RunSettings, SEED_NAMES, TABLE } from './seed-driver';

/**
 * The model of "what the table should hold": the few facts the table alone cannot tell (which ids a seed owns,
 * which rows the app edited or made, what the last real run left), kept by the test as it acts. Everything
 * else the oracle reads from the table by SQL.
 */
export interface SeedModel {
  /** Ids this seed wrote and still owns (the app may have deleted some: those are not re-created). */
  owned: Set<string>;
  /** Owned ids holding this seed's row after the last real run, and how many rows carried its name then. */
  lastLeft: Set<string>;
  lastSeedRows: number;
  /** Every id carrying its name after the last real run (owned rows and the app's copies of them). */
  lastSeedIds: Set<string>;
  /** Of `lastLeft`, the rows the app had edited: what a hand-written seed's check compares edits with. */
  lastEdited: Set<string>;
  /** The settings of the data set the last real run applied (`count/randomSeed`), undefined if never. */
  applied?: string;
}

export interface Model {
  seeds: Map<string, SeedModel>;
  /** Seed-written ids whose content the app changed since the seed last wrote them. */
  appEdited: Set<string>;
  /** Rows the app made (its own and copies of seed rows). */
  appRows: Set<string>;
  /** The data set settings in the environment (what db:status compares the guard with): the last run's. */
  repo: Pick<RunSettings, 'count' | 'randomSeed'>;
  /** The app added its nullable column. */
  appColumn: boolean;
}

export function emptyModel(): Model {
  return {
    seeds: new Map(
      SEED_NAMES.map((name) => [
        name,
        {
          owned: new Set(),
          lastLeft: new Set(),
          lastSeedRows: 0,
          lastSeedIds: new Set(),
          lastEdited: new Set(),
        },
      ]),
    ),
    appEdited: new Set(),
    appRows: new Set(),
    repo: { count: 0, randomSeed: 'a' },
    appColumn: false,
  };
}

export function cloneModel(m: Model): Model {
  return {
    seeds: new Map(
      [...m.seeds].map(([name, s]) => [
        name,
        {
          ...s,
          owned: new Set(s.owned),
          lastLeft: new Set(s.lastLeft),
          lastSeedIds: new Set(s.lastSeedIds),
          lastEdited: new Set(s.lastEdited),
        },
      ]),
    ),
    appEdited: new Set(m.appEdited),
    appRows: new Set(m.appRows),
    repo: { ...m.repo },
    appColumn: m.appColumn,
  };
}

/** What a seed's guard checksum covers: the curated data set is fixed, the synthetic one is (count, seed). */
export function dataSetKey(name: string, settings: Pick<RunSettings, 'count' | 'randomSeed'>): string {
  if (name === SEED_NAMES[0]) return 'curated';
  // No rows: the random seed selects nothing (the guard's checksum of count 0 leaves it out).
  return settings.count === 0 ? '0' : `${settings.count}/${settings.randomSeed}`;
}

/** One row as the oracle sees it: who wrote it, and md5s of its content and lifecycle columns. */
export interface Row {
  seedName: string | null;
  content: string;
  life: string;
}

/** Every row of the table by id, read by SQL. */
export async function readRows(knex: Knex): Promise<Map<string, Row>> {
  const { rows } = await knex.raw(
    `SELECT id, seed_name, md5(row(${CONTENT_COLUMNS.join(', ')})::text) AS content,
            md5(row(${LIFECYCLE_COLUMNS.join(', ')})::text) AS life
     FROM ${TABLE}`,
  );
  return new Map(
    rows.map((r: { id: string; seed_name: string | null; content: string; life: string }) => [
      r.id,
      { seedName: r.seed_name, content: r.content, life: r.life },
    ]),
  );
}

/** md5 of the whole table and the guard table: equal before and after means nothing was written. */
export async function fingerprint(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(`
    SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM ${TABLE} t), '')) ||
           md5(coalesce((SELECT string_agg(g::text, '|' ORDER BY g.seed_name) FROM seed_guard g), '')) AS f`);
  return rows[0].f;
}

/** What one seed's run truly finds, per the README's rules, from the table before it and the model. */
export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  editedByApp: number;
  deletedByApp: number;
  pruned: number;
  foreign: number;
  /** Rows of items that left the data set, kept in the table (printed as "N postings left the data set"). */
  removed: number;
}

export const ZERO: Counts = {
  created: 0,
  updated: 0,
  unchanged: 0,
  editedByApp: 0,
  deletedByApp: 0,
  pruned: 0,
  foreign: 0,
  removed: 0,
};

export interface SeedTruth {
  name: string;
  counts: Counts;
  /** The seed owned rows and the table holds no row at all: the run is a reset and owns nothing before it. */
  reset: boolean;
  /** Ids the seed owned before the run (empty after a reset). */
  ownedBefore: Set<string>;
  /** The ids the run may leave missing: the app deleted them and the run does not re-create them. */
  deletedIds: Set<string>;
  /** The seed's owned rows in the table before the run: what an "up to date (N present ...)" line counts. */
  presentOwned: number;
  /** "up to date" is true: nothing to write, the table holds exactly the owned rows the last run left. */
  upToDate: boolean;
  /** Why "up to date" would be false, for the failure message. */
  notUpToDate: string[];
}

const setEq = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** The seed's owned ids that hold its row in `rows`. */
export function ownedPresent(model: Model, name: string, rows: Map<string, Row>): Set<string> {
  const owned = model.seeds.get(name)?.owned ?? new Set<string>();
  return new Set([...owned].filter((id) => rows.get(id)?.seedName === name));
}

export const seedRowCount = (rows: Map<string, Row>, name: string) =>
  [...rows.values()].filter((r) => r.seedName === name).length;

/**
 * The truth of a run with `settings` for seed `name`, whose data set holds the ids of `ref` (a fresh database
 * seeded with the same settings: id -> content/lifecycle md5), against the table `before` it.
 */
export function truthOf(
  model: Model,
  name: string,
  ref: Map<string, Row>,
  before: Map<string, Row>,
  settings: RunSettings,
): SeedTruth {
  const seed = model.seeds.get(name) as SeedModel;
  // docs/reruns.md: an emptied table (TRUNCATE, DELETE FROM: no row left, the app's neither) is a reset, the seed
  // starts over; a seed whose rows alone are gone was deleted by the app.
  const reset = before.size === 0 && seedRowCount(before, name) === 0 && seed.owned.size > 0;
  const ownedBefore = reset ? new Set<string>() : seed.owned;
  const counts = { ...ZERO };
  const deletedIds = new Set<string>();
  const items = [...ref].filter(([, r]) => r.seedName === name);
  const itemIds = new Set(items.map(([id]) => id));
  for (const [id, want] of items) {
    const row = before.get(id);
    if (!row) {
      if (ownedBefore.has(id) && !settings.force) {
        counts.deletedByApp++;
        deletedIds.add(id);
      } else counts.created++;
    } else if (row.seedName !== name) counts.foreign++;
    else if (row.content === want.content) {
      if (settings.force && row.life !== want.life) counts.updated++;
      else counts.unchanged++;
    } else if (!settings.force && model.appEdited.has(id)) counts.editedByApp++;
    else counts.updated++;
  }
  for (const id of ownedBefore) {
    if (itemIds.has(id) || before.get(id)?.seedName !== name) continue;
    if (settings.prune && (settings.force || !model.appEdited.has(id))) counts.pruned++;
    else counts.removed++;
  }
  const notUpToDate: string[] = [];
  if (reset && seed.applied) notUpToDate.push(`none of its rows is in the table (a reset)`);
  if (seed.applied !== dataSetKey(name, settings))
    notUpToDate.push(`data set ${dataSetKey(name, settings)}, last applied ${seed.applied ?? 'never'}`);
  if (settings.force) notUpToDate.push('SEED_FORCE');
  if (settings.prune && counts.removed + counts.pruned > 0) notUpToDate.push('SEED_PRUNE with rows to prune');
  if (counts.created > 0) notUpToDate.push(`${counts.created} to create`);
  if (counts.updated > 0) notUpToDate.push(`${counts.updated} to update`);
  const present = ownedPresent(
    { ...model, seeds: new Map([[name, { ...seed, owned: ownedBefore }]]) },
    name,
    before,
  );
  if (!setEq(present, seed.lastLeft)) {
    const gone = [...seed.lastLeft].filter((id) => !present.has(id)).length;
    const extra = [...present].filter((id) => !seed.lastLeft.has(id)).length;
    notUpToDate.push(
      `the table holds ${present.size} of its owned rows, the last run left ${seed.lastLeft.size} ` +
        `(${gone} of those gone since, ${extra} others)`,
    );
  }
  return {
    name,
    counts,
    reset,
    ownedBefore,
    deletedIds,
    presentOwned: present.size,
    upToDate: notUpToDate.length === 0,
    notUpToDate,
  };
}

/**
 * The model after a real run: what the seed owns now (its data set's ids but those held by foreign rows, plus
 * removed items still in the table; the app's deletions stay owned unless pruning left nothing to keep), the
 * app edits a force or a prune undid, and what this run left.
 */
export function afterRun(
  model: Model,
  truths: SeedTruth[],
  ref: Map<string, Row>,
  before: Map<string, Row>,
  after: Map<string, Row>,
  settings: RunSettings,
): void {
  for (const t of truths) {
    const seed = model.seeds.get(t.name) as SeedModel;
    const itemIds = [...ref].filter(([, r]) => r.seedName === t.name).map(([id]) => id);
    const items = new Set(itemIds);
    const owned = new Set<string>();
    for (const id of itemIds) {
      const row = before.get(id);
      if (!row || row.seedName === t.name) owned.add(id);
    }
    const removedBefore = [...t.ownedBefore].filter((id) => !items.has(id));
    const kept = removedBefore.filter((id) => after.get(id)?.seedName === t.name);
    const gone = removedBefore.filter((id) => !after.has(id));
    for (const id of kept) owned.add(id);
    if (!settings.prune || kept.length > 0) for (const id of gone) owned.add(id);
    if (settings.force) for (const id of itemIds) model.appEdited.delete(id);
    seed.owned = owned;
    seed.lastLeft = new Set([...owned].filter((id) => after.get(id)?.seedName === t.name));
    seed.lastSeedRows = seedRowCount(after, t.name);
    seed.lastSeedIds = new Set([...after].filter(([, r]) => r.seedName === t.name).map(([id]) => id));
    const printsNothing = settings.count === 0 && t.name !== SEED_NAMES[0] && (t.reset || !seed.applied);
    seed.applied = printsNothing ? undefined : dataSetKey(t.name, settings);
  }
  for (const id of model.appEdited) if (!after.has(id)) model.appEdited.delete(id);
  for (const id of model.appRows) if (!after.has(id)) model.appRows.delete(id);
  for (const t of truths) {
    const seed = model.seeds.get(t.name) as SeedModel;
    seed.lastEdited = new Set([...seed.lastLeft].filter((id) => model.appEdited.has(id)));
  }
}
