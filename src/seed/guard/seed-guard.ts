// The guard: one `seed_guard` row per seed (what it applied: checksum, owned keys, params, content columns), the
// table's side of it (are the rows it recorded still there?) and, for generated seeds, which variant wrote which
// indices.

import type { Knex } from 'knex';
import { ident, query, type Sql, sql } from '../../db/sql';
import { markColumnsSql, readWriteLog, type WriteLog, type WriteMark, writtenSince } from './write-log';

/** The idempotency guard: one row per seed, whatever table it seeds. */
export interface SeedGuardRow {
  seed_name: string;
  checksum: string;
  /** Keys of the rows the seed owns (hand-written data sets); null when `params` describes them (generated). */
  owned_keys: string[] | null;
  row_count: number;
  params: Record<string, unknown> | null;
  /** The content columns the seed's row hashes were computed over; null before the first run that recorded it. */
  content_columns: string[] | null;
  first_applied_at: Date;
  last_applied_at: Date;
}

/**
 * A guard row as the seed writes it: the jsonb columns as JSON text (node-postgres would send a JavaScript array
 * as a PostgreSQL array), `last_applied_at` as the server's now(), `first_applied_at` by its default.
 */
export interface SeedGuardWrite {
  seed_name: string;
  checksum: string;
  owned_keys: string | null;
  row_count: number;
  params: string | null;
  content_columns: string;
  last_applied_at: Knex.Raw;
}

declare module 'knex/types/tables' {
  interface Tables {
    seed_guard: Knex.CompositeTableType<SeedGuardRow, SeedGuardWrite, Partial<SeedGuardWrite>>;
  }
}

export const SEED_GUARD_TABLE = 'seed_guard';

/** What a seed records in the guard table after it applied its data set. */
export interface GuardRecord {
  checksum: string;
  ownedKeys: string[] | null;
  rowCount: number;
  params: Record<string, unknown> | null;
  /** The content columns the rows' hashes were computed over. */
  hashSpec: readonly string[];
}

/** jsonb comes back parsed from both drivers; char(64) is trimmed; row_count made a number whatever the driver. */
function normalise(row: SeedGuardRow): SeedGuardRow {
  return { ...row, checksum: row.checksum.trim(), row_count: Number(row.row_count) };
}

/** The guard row of a seed, or undefined before its first run. Read under the seed lock. */
export async function readGuard(trx: Knex.Transaction, seedName: string): Promise<SeedGuardRow | undefined> {
  const row = await trx(SEED_GUARD_TABLE).where({ seed_name: seedName }).first();
  return row && normalise(row);
}

/** Records what was applied; `first_applied_at` is set once, `last_applied_at` on every apply. */
export async function writeGuard(
  trx: Knex.Transaction,
  seedName: string,
  record: GuardRecord,
): Promise<void> {
  await trx(SEED_GUARD_TABLE)
    .insert({
      seed_name: seedName,
      checksum: record.checksum,
      owned_keys: record.ownedKeys === null ? null : JSON.stringify(record.ownedKeys),
      row_count: record.rowCount,
      params: record.params === null ? null : JSON.stringify(record.params),
      content_columns: JSON.stringify(record.hashSpec),
      last_applied_at: trx.fn.now(),
    })
    .onConflict('seed_name')
    .merge(['checksum', 'owned_keys', 'row_count', 'params', 'content_columns', 'last_applied_at']);
}

/**
 * Keeps a record counted again ({@link TableTruth}'s `recounted`) in the guard row, nothing else of it changed
 * (`last_applied_at` says when data was last applied, and none was): a no-op after the app wrote to the table
 * counts once, not on every run until the seed writes again.
 */
export async function renewTableRecord(
  trx: Knex.Transaction,
  seedName: string,
  record: TableRecord,
): Promise<boolean> {
  // A database or role that makes transactions read-only (default_transaction_read_only): the no-op still says
  // what it counted, and keeps nothing.
  const { rows } = await query<{ read_only: boolean }>(
    trx,
    sql`SELECT current_setting('transaction_read_only') = 'on' AS read_only`,
  );
  if (rows[0].read_only) return false;
  await query(
    trx,
    sql`UPDATE ${ident(SEED_GUARD_TABLE)} SET params = jsonb_set(params, '{table}', ${JSON.stringify(record)}::jsonb)
     WHERE seed_name = ${seedName}`,
  );
  return true;
}

/** Forgets a seed: as if it had never run (an emptied table with nothing to write). */
export async function deleteGuard(trx: Knex.Transaction, seedName: string): Promise<void> {
  await trx(SEED_GUARD_TABLE).where({ seed_name: seedName }).del();
}

/** Every guard row, for `db:status` and the report. */
export async function listGuards(knex: Knex): Promise<SeedGuardRow[]> {
  const rows = await knex(SEED_GUARD_TABLE).select('*').orderBy('seed_name');
  return rows.map(normalise);
}

/**
 * What a seed says must be true of the table, not only of its guard row. After every run that writes, the guard
 * records in its params the table's side of the seed ({@link TableRecord}): which rows carry its name (their
 * number and a fingerprint of their ids), how many of them are rows it owns and how many of those left the data
 * set, and for a hand-written data set which owned rows the app edited. A run reads the same again and may say
 * "up to date" only when it matches: a count alone is fooled by the app copying a row (`seed_name` included)
 * and deleting another. When it differs, the seed compares its rows with the table. When the table was emptied
 * (TRUNCATE, `DELETE FROM <table>`: no row left, the app's neither), the run is a reset: it starts over as if it
 * had never run, re-creates every row and prints the first-run summary. When only the seed's rows are gone, the
 * app deleted them: reported, not re-created.
 */
export interface TableRecord {
  /** Rows carrying the seed's name (owned rows and copies the app made of them). */
  rows: number;
  /**
   * The sum of `uuid_hash(id)` over those rows, as text: a fingerprint of which ids carry the name, so a copy
   * and a deletion that keep the count still change it (two sets of ids summing alike is a 1 in 2^32 chance).
   */
  ids: string;
  /** Rows at ids the seed owns (present in the table), and of those, rows of items that left the data set. */
  owned: number;
  removed: number;
  /**
   * Hand-written data sets, counted at the owned ids themselves: their fingerprint, and the owned rows whose
   * content the app edited (`count:fingerprint`), so an app edit since the last run is compared, not trusted.
   */
  ownedIds?: string;
  edited?: string;
  /**
   * Where the table's write log stood when `rows` and `ids` were counted (src/seed/guard/write-log.ts): a run that
   * finds nothing written since takes them as the table's without counting again.
   */
  log?: WriteMark;
}

/** The table's side of a seed as a run finds it: see {@link TableRecord}. */
export interface TableTruth {
  /** The guard as this run should see it: undefined before the first run and after the table was emptied. */
  guard: SeedGuardRow | undefined;
  /** Rows carrying the seed's name now. */
  inTable: number;
  /** The table holds the rows the guard recorded the last run left there: the same ids (and, curated, edits). */
  intact: boolean;
  /** The guard owned rows and the table holds no row at all: this run starts over. */
  reset: boolean;
  /**
   * Owned rows present now, and of those, rows of removed items: counted in the table (curated), or the last
   * run's count when the table still holds the same rows (generated, `intact`); undefined when not known.
   */
  owned?: number;
  removed?: number;
  /** Curated: the removed items' ids whose row is in the table now. */
  removedIds?: string[];
  /** The table's write log, when it has one: the run records its mark with the table's figures. */
  log?: WriteLog;
  /**
   * The record as counted again, with the count's own mark: set when the log could not vouch for the last
   * record (something was written since) and the table still holds what it says. A run that finds the seed up to
   * date keeps it ({@link renewTableRecord}), so that the next no-op reads no row again.
   */
  recounted?: TableRecord;
}

/** The ids a hand-written data set's guard owns (and of those, the items that left the data set). */
export interface OwnedIds {
  owned: readonly string[];
  removed: readonly string[];
  /** True of an owned row (alias `j`) whose content is not what the seed last wrote: edited by the app. */
  edited: Sql;
}

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Rows carrying the seed's name: their number and the fingerprint of their ids (index-only on (seed_name, id));
 * with a write log, in the same statement (its snapshot), the log's mark. `scan`: how ({@link RowsScan}).
 */
export function seedRowsSql(table: string, seedName: string, log?: WriteLog, scan: RowsScan = 'seed'): Sql {
  const mark = log ? sql`, ${markColumnsSql(log)}` : sql``;
  const named = sql`seed_name = ${seedName}`;
  // The same figures either way: the name filters the aggregates (whole table) or the rows (index).
  const [filter, where] =
    scan === 'wholeTable' ? [sql` FILTER (WHERE ${named})`, sql``] : [sql``, sql` WHERE ${named}`];
  return sql`SELECT count(*)${filter} AS n, coalesce(sum(uuid_hash(id))${filter}, 0)::text AS ids${mark}
     FROM ${ident(table)}${where}`;
}

/**
 * How the seed's rows are counted. `seed`: those carrying its name, through the index on (seed_name, id), which
 * reads only the index once VACUUM has marked the table's pages all-visible. `wholeTable`: every row of the
 * table in one sequential (parallel) scan, for the count right after a load that wrote most of the table. No page
 * it wrote is all-visible yet, so the index path visits each of them through shared buffers, a page at a time,
 * writing out the load's dirty pages to make room; a sequential scan of a large table reads through a small ring
 * of buffers instead (200,000 postings: 0.51 s against 0.12 s; 1,000,000: 0.74 s against 0.28 s;
 * docs/benchmarks.md).
 */
export type RowsScan = 'seed' | 'wholeTable';

/** The owned ids of a hand-written data set as the table holds them: see {@link TableRecord}. */
export function ownedRowsSql(table: string, seedName: string, ids: OwnedIds): Sql {
  return sql`SELECT count(*) AS owned, coalesce(sum(uuid_hash(j.id)), 0)::text AS owned_ids,
       coalesce(json_agg(j.id ORDER BY j.id) FILTER (WHERE j.id = ANY(${uuidArray(ids.removed)}::uuid[])), '[]')::text AS removed_ids,
       (count(*) FILTER (WHERE ${ids.edited}))::text || ':' || coalesce(sum(uuid_hash(j.id)) FILTER (WHERE ${ids.edited}), 0)::text AS edited
     FROM ${ident(table)} j WHERE j.id = ANY(${uuidArray(ids.owned)}::uuid[]) AND j.seed_name = ${seedName}`;
}

/** Rows carrying `seedName` in `table` now: their number and the fingerprint of their ids. */
export async function readSeedRows(
  knex: Knex,
  table: string,
  seedName: string,
): Promise<{ rows: number; ids: string }> {
  return recordSeedRows(knex, table, seedName, undefined);
}

/**
 * The seed's rows as a run that wrote leaves them, for its {@link TableRecord}: with the write log's mark when
 * the table has a log.
 */
export async function recordSeedRows(
  knex: Knex,
  table: string,
  seedName: string,
  log: WriteLog | undefined,
  scan: RowsScan = 'seed',
): Promise<{ rows: number; ids: string; log?: WriteMark }> {
  const { rows } = await query<{
    n: string | number;
    ids: string;
    mark_snapshot?: string;
    mark_xid?: string;
    mark_seq?: string | null;
  }>(knex, seedRowsSql(table, seedName, log, scan));
  const r = rows[0];
  const counted = { rows: Number(r.n), ids: r.ids };
  if (!log) return counted;
  return {
    ...counted,
    log: {
      snapshot: r.mark_snapshot ?? '',
      xid: r.mark_xid ?? null,
      seq: r.mark_seq ?? null,
      triggers: log.triggers,
    },
  };
}

/** The owned ids of a hand-written data set as the table holds them. */
export async function readOwnedRows(
  knex: Knex,
  table: string,
  seedName: string,
  ids: OwnedIds,
): Promise<{ owned: number; ownedIds: string; removedIds: string[]; edited: string }> {
  const { rows } = await query<{
    owned: string | number;
    owned_ids: string;
    removed_ids: string;
    edited: string;
  }>(knex, ownedRowsSql(table, seedName, ids));
  const r = rows[0];
  return {
    owned: Number(r.owned),
    ownedIds: r.owned_ids,
    removedIds: JSON.parse(r.removed_ids),
    edited: r.edited,
  };
}

/** The table's side of a seed as its guard recorded it after the last run, if it did. */
export function recordedTable(guard: SeedGuardRow | undefined): TableRecord | undefined {
  const value = (guard?.params as { table?: TableRecord } | null | undefined)?.table;
  return value && typeof value === 'object' ? value : undefined;
}

/** Rows of `seedName` in `table` now. */
export async function countSeedRows(knex: Knex, table: string, seedName: string): Promise<number> {
  const [{ n }] = await knex(table).where({ seed_name: seedName }).count({ n: '*' });
  return Number(n);
}

/** Whether `table` holds no row at all (one row read at most). */
export async function isEmpty(knex: Knex, table: string): Promise<boolean> {
  const { rows } = await query<{ empty: boolean }>(
    knex,
    sql`SELECT NOT EXISTS (SELECT FROM ${ident(table)}) AS empty`,
  );
  return rows[0].empty;
}

/**
 * Reads the table's side of a seed's guard row: see {@link TableTruth}. `ids` (hand-written data sets) are
 * the ids its guard owns, given the guard as the run sees it (none after a reset). `emptied`: whether the table held
 * no row when the run started (an earlier step of the run may have written it since); read now when not given.
 */
export async function checkTable(
  knex: Knex,
  table: string,
  seedName: string,
  recorded: SeedGuardRow | undefined,
  ids?: (guard: SeedGuardRow) => OwnedIds,
  emptied?: boolean,
): Promise<TableTruth> {
  const log = await readWriteLog(knex, table);
  const last = recordedTable(recorded);
  // Nothing written to the table since the last run counted the seed's rows: they are what it recorded.
  const unwritten = log !== undefined && last !== undefined && !(await writtenSince(knex, log, last.log));
  // Else counted, with the log's mark in the same statement (its snapshot), should the record be renewed.
  const now: { rows: number; ids: string; log?: WriteMark } =
    unwritten && last ? { rows: last.rows, ids: last.ids } : await recordSeedRows(knex, table, seedName, log);
  const recount = (record: TableRecord) =>
    now.log ? { recounted: { ...record, rows: now.rows, ids: now.ids, log: now.log } } : {};
  // An emptied table (TRUNCATE, DELETE FROM): the guard owned rows and the table holds no row at all. Where other
  // rows remain, the app deleted the seed's rows one by one: reported, not re-created. A guard that owns none
  // (every id held by the app, or everything pruned) has nothing to lose.
  if (recorded && now.rows === 0 && recorded.row_count > 0 && (emptied ?? (await isEmpty(knex, table))))
    return { guard: undefined, inTable: 0, intact: false, reset: true, log };
  if (!recorded || !last) return { guard: recorded, inTable: now.rows, intact: false, reset: false, log };
  if (ids) {
    const owned = await readOwnedRows(knex, table, seedName, ids(recorded));
    const intact =
      owned.owned === last.owned && owned.ownedIds === last.ownedIds && owned.edited === last.edited;
    return {
      guard: recorded,
      inTable: now.rows,
      intact,
      reset: false,
      owned: owned.owned,
      removed: owned.removedIds.length,
      removedIds: owned.removedIds,
      log,
      ...(intact ? recount(last) : {}),
    };
  }
  const intact = now.rows === last.rows && now.ids === last.ids;
  return {
    guard: recorded,
    inTable: now.rows,
    intact,
    reset: false,
    ...(intact ? { owned: last.owned, removed: last.removed, ...recount(last) } : {}),
    log,
  };
}

/**
 * Which variant each generated row holds. A generated item is a pure function of its index and its source's
 * variant (for the synthetic postings: random seed and generator version), so rows made by one run can be
 * trusted to equal what another run would write only when both used the same variant. The guard therefore records, for the indices the seed owns, ranges
 * `[from, to)` of the variant that last wrote them. A run compares (generates, stages, diffs) exactly the indices
 * it keeps whose recorded variant is not its own, whatever sequence of counts and seeds came before: e.g.
 * `other`/100, then 0 (nothing compared; [0,100) stays `other`), then default/100 compares all 100, and
 * `other`/100, default/10 ([0,10) default, [10,100) other), default/100 compares [10,100).
 */

/** What selects a generated row's content besides its index (a source's `variant`). */
export type Variant = Readonly<Record<string, string | number>>;

/** Owned indices [from, to) last written by one variant (its fields beside `from` and `to`; none: unknown). */
export type VariantRange = { from: number; to: number } & Record<string, string | number>;

/** [from, to) */
export type IndexRange = [number, number];

const fieldsOf = (v: Variant) => Object.keys(v).filter((k) => k !== 'from' && k !== 'to');

/** Same fields, same values (a range of unknown variant has none, so it equals no real variant). */
function sameVariant(a: Variant, b: Variant): boolean {
  const fields = fieldsOf(a);
  return fields.length > 0 && fields.length === fieldsOf(b).length && fields.every((k) => a[k] === b[k]);
}

/**
 * The recorded ranges, or (guards written before ranges were recorded, whose params could name a variant the rows
 * did not hold) one range of unknown variant over everything owned, so it is compared once.
 */
export function recordedVariants(
  params: { variants?: unknown; ownedCount?: number } | undefined,
): VariantRange[] {
  if (Array.isArray(params?.variants)) return params.variants as VariantRange[];
  const owned = params?.ownedCount ?? 0;
  return owned > 0 ? [{ from: 0, to: owned }] : [];
}

/** True when every index in [0, to) was written by `variant`. */
export function allOf(ranges: readonly VariantRange[], to: number, variant: Variant): boolean {
  return differing(ranges, to, variant).length === 0;
}

/** The indices below `to` whose recorded variant is not `variant` (or is not recorded), as sorted ranges. */
export function differing(ranges: readonly VariantRange[], to: number, variant: Variant): IndexRange[] {
  const out: IndexRange[] = [];
  const add = (from: number, end: number) => {
    if (from >= end) return;
    const last = out.at(-1);
    if (last && last[1] === from) last[1] = end;
    else out.push([from, end]);
  };
  let covered = 0;
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from >= to) break;
    add(covered, r.from);
    if (!sameVariant(r, variant)) add(Math.max(r.from, covered), Math.min(r.to, to));
    covered = Math.max(covered, Math.min(r.to, to));
  }
  add(covered, to);
  return out;
}

/** After a run that wrote [0, count) as `variant` and still owns [0, ownedCount): the ranges to record. */
export function variantsAfter(
  ranges: readonly VariantRange[],
  count: number,
  ownedCount: number,
  variant: Variant,
): VariantRange[] {
  const out: VariantRange[] = [];
  const push = (r: VariantRange) => {
    if (r.from >= r.to) return;
    const last = out.at(-1);
    if (last && last.to === r.from && sameVariant(last, r)) last.to = r.to;
    else out.push({ ...r });
  };
  push({ ...variant, from: 0, to: Math.min(count, ownedCount) });
  for (const r of [...ranges].sort((a, b) => a.from - b.from))
    push({ ...r, from: Math.max(r.from, count), to: Math.min(r.to, ownedCount) });
  return out;
}

/** The number of indices in the ranges. */
export function sizeOf(ranges: readonly IndexRange[]): number {
  return ranges.reduce((n, [from, to]) => n + to - from, 0);
}
