// The seed file set: the files of knex's seed directory, found and loaded exactly as `knex seed:run` finds and
// loads them, each with the sources it hands the engine (its `sources` export), so every tool sees every seed;
// and the relations by key between their tables (below).

import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedOptions } from '../../config';
import { SeedError } from '../../errors';
import { readGuard } from '../guard/seed-guard';
import { curatedChecksum, generatedChecksum } from '../hashing';
import type { SeedSource } from '../table/description';
import type { ReferencedKeys } from '../validate';
import { assertSeedNames } from './seed-names';

/**
 * What an engine seed file exports beside knex's `seed(knex)`: its sources for the run's options, without
 * running them (status, plan, report, export and the relation checks read them).
 */
export type SourcesOf = (options: SeedOptions) => SeedSource[];

/** One file of the seed directory, in the order knex runs it. */
export interface SeedFile {
  /** Absolute path. */
  path: string;
  /** The path as messages show it: relative to the working directory (`seeds/01_job_postings.ts`). */
  name: string;
  /** Its `sources` export; undefined for a plain knex seed file the engine does not run. */
  sources?: SourcesOf;
}

/** The seeder settings knex reads (the knexfile's `seeds`, or `knex.seed.run(config)`'s). */
export type SeedDirectoryConfig = Knex.SeederConfig;

interface FsSeedSource {
  getSeeds(config: object): Promise<string[]>;
  getSeed(file: string): Promise<Record<string, unknown>>;
}

// knex's own merge of the seeder settings (defaults, the instance's `seeds`, the call's) and its own file
// source: the same directory, extensions, order, `recursive` and `specific` as `knex seed:run`, by construction.
const { getMergedConfig } = require('knex/lib/migrations/seed/seeder-configuration-merger') as {
  getMergedConfig(config: object | undefined, current: object | undefined): { seedSource: FsSeedSource };
};

/** A knex instance's seeder settings (the knexfile's `seeds`), or the settings themselves. */
type SeedsOf = Knex | SeedDirectoryConfig;

/** The instance's seeder settings merged with `config`, as `knex.seed.run(config)` merges them. */
function seederConfig(base: SeedsOf, config?: SeedDirectoryConfig) {
  const current =
    typeof base === 'function' ? (base.client as { config?: { seeds?: object } }).config?.seeds : base;
  return getMergedConfig(config, current);
}

/** The seed files knex would run, in its order (`config.specific`: that one file). */
export async function listSeedFiles(base: SeedsOf, config?: SeedDirectoryConfig): Promise<string[]> {
  const merged = seederConfig(base, config);
  return merged.seedSource.getSeeds(merged);
}

/** The seed files knex would run, each loaded as knex loads it, with its `sources` export if it has one. */
export async function loadSeedSet(
  base: SeedsOf,
  config?: SeedDirectoryConfig,
  { skipUnloadable = false }: { skipUnloadable?: boolean } = {},
): Promise<SeedFile[]> {
  const merged = seederConfig(base, config);
  const files = await merged.seedSource.getSeeds(merged);
  const set: SeedFile[] = [];
  for (const file of files) {
    // skipUnloadable: a file that cannot load (an unedited stub, one mid-edit) is left out, not an error.
    const exports = skipUnloadable
      ? await merged.seedSource.getSeed(file).catch(() => undefined)
      : await merged.seedSource.getSeed(file);
    if (!exports) continue;
    const sources = typeof exports.sources === 'function' ? (exports.sources as SourcesOf) : undefined;
    set.push({ path: file, name: path.relative(process.cwd(), file) || file, sources });
  }
  return set;
}

/** Every source of the set for the options, with the file it comes from, in run order. */
export function sourcesOfSet(
  set: readonly SeedFile[],
  options: SeedOptions,
): { file: SeedFile; source: SeedSource }[] {
  return set.flatMap((file) => (file.sources?.(options) ?? []).map((source) => ({ file, source })));
}

/** `--specific=FILE` / `--specific FILE` (as `knex seed:run` takes it): one seed file of the directory. */
export function seedDirectoryArgs(argv: readonly string[]): SeedDirectoryConfig {
  const at = argv.findIndex((a) => a === '--specific' || a.startsWith('--specific='));
  if (at === -1) return {};
  const value = argv[at].includes('=') ? argv[at].slice('--specific='.length) : argv[at + 1];
  return value ? { specific: value } : {};
}

/**
 * Every source of the seed directory knex would run (`--specific` in argv: that file's), for the options.
 * Throws SEED_NAME_INVALID when two of them share a name, or one is longer than the guard holds.
 */
export async function seedsOfDirectory(
  base: SeedsOf,
  argv: readonly string[],
  options: SeedOptions,
): Promise<{ files: SeedFile[]; seeds: { file: SeedFile; source: SeedSource }[] }> {
  const files = await loadSeedSet(base, seedDirectoryArgs(argv));
  const seeds = sourcesOfSet(files, options);
  // Two seeds under one name would show one guard row twice, as if each were the other's; a long name, none.
  assertSeedNames(seeds);
  return { files, seeds };
}

/**
 * The seeds of the project's seed directory (src/db/knex-config.ts `seedsConfig`) that fill `table`, in run
 * order: how a tool about one table (the bench) finds them without naming a seed file.
 */
export async function seedsOfTable(
  base: SeedsOf,
  table: string,
  options: SeedOptions,
): Promise<SeedSource[]> {
  const { seeds } = await seedsOfDirectory(base, [], options);
  const found = seeds.map((s) => s.source).filter((s) => s.table.table === table);
  if (found.length === 0) throw new Error(`no seed file of the seed directory fills ${table}`);
  return found;
}

/**
 * The same as {@link seedsOfTable}, synchronously, for the project's seed directory as `seedsConfig` gives it
 * (its directory, not recursive, knex's extensions and name order): for tools about one table that start
 * before anything asynchronous (the bench).
 */
export function seedsOfTableSync(
  config: SeedDirectoryConfig,
  table: string,
  options: SeedOptions,
): SeedSource[] {
  const directory = path.resolve(String(config.directory ?? './seeds'));
  const extensions = config.loadExtensions ?? ['.js'];
  const files = fs
    .readdirSync(directory)
    .filter((f) => extensions.includes(path.extname(f)))
    .sort()
    .map((f) => path.join(directory, f));
  const found: SeedSource[] = [];
  for (const file of files) {
    const sources = (require(file) as { sources?: unknown }).sources;
    if (typeof sources === 'function')
      found.push(...(sources as SourcesOf)(options).filter((s) => s.table.table === table));
  }
  if (found.length === 0) throw new Error(`no seed file of ${directory} fills ${table}`);
  return found;
}

// Relations by key: a `ref(table)` column holds a key of another seeded table's data set and the row its id.
// Before any write, a run finds the seeds of every referenced table (its own, earlier in the run, or other seed
// files before its own), checks their order, and checks each key against their data sets; inside the
// transaction, that the other files' seeds have run with their current data sets.

/** A seed of another file of the set, which a run's `ref` columns refer to. */
export interface ReferencedSeed {
  source: SeedSource;
  file: SeedFile;
}

/** The seed set around a run: every file's sources (in knex's order) and the file being run, when known. */
export interface SeedSetContext {
  seeds: readonly ReferencedSeed[];
  current?: SeedFile;
}

/** The `ref` columns of a source: [column, referenced table]. */
function refsOf(source: SeedSource): [string, string][] {
  return source.table.dataColumns.flatMap(([name, column]) =>
    column.references ? [[name, column.references.table] as [string, string]] : [],
  );
}

/** What a run needs to check and resolve its relations. */
export interface ResolvedReferences {
  /** Key lookups by referenced table, for validation. */
  keys: ReferencedKeys;
  /** Seeds of other files the run's rows point at: they must have run with today's data set. */
  external: ReferencedSeed[];
}

const where = (file?: SeedFile) => (file ? ` (${file.name})` : '');

/**
 * Finds the seeds of every table the run's sources refer to and checks the dependency order: a referenced
 * table's seed runs first (earlier in the same run, or in a seed file knex runs before this one). Throws
 * SEED_ORDER, one line naming both seeds and files, when it does not, or when no seed fills the table.
 */
export function resolveReferences(
  sources: readonly SeedSource[],
  context: SeedSetContext | undefined,
): ResolvedReferences {
  const keys = new Map<string, (key: string) => boolean>();
  const external = new Map<string, ReferencedSeed>();
  const seeds = context?.seeds ?? [];
  const currentIndex = context?.current ? seeds.findIndex((s) => s.file.path === context.current?.path) : -1;
  const own = new Set(sources.map((s) => s.name));
  sources.forEach((source, index) => {
    for (const [column, table] of refsOf(source)) {
      const inRun = sources.filter((s) => s.table.table === table);
      const later = inRun.find((s) => sources.indexOf(s) > index && s !== source);
      if (later) {
        throw new SeedError(
          'SEED_ORDER',
          `${source.name}.${column} refers to ${table}, seeded by ${later.name} after it in the same run${where(context?.current)}: ` +
            `list ${later.name} first; nothing was written`,
        );
      }
      // The set's copy of a seed this run holds is the run's own: its order was checked above.
      const outside = seeds.filter((s) => s.source.table.table === table && !own.has(s.source.name));
      for (const seed of outside) {
        if (currentIndex >= 0 && seeds.indexOf(seed) > currentIndex) {
          const current = context?.current?.name;
          throw new SeedError(
            'SEED_ORDER',
            `${current} refers to ${table} (column ${source.table.table}.${column}), which ${seed.file.name} seeds, ` +
              `but knex runs ${seed.file.name} after it: rename the files so ${seed.file.name} sorts first; nothing was written`,
          );
        }
        external.set(seed.source.name, seed);
      }
      const all = [...inRun, ...outside.map((s) => s.source)];
      if (all.length === 0) {
        throw new SeedError(
          'SEED_ORDER',
          `${source.name}.${column} refers to ${table}, which no seed of this run or earlier seed file fills: ` +
            `add a seed file for ${table} that sorts before${where(context?.current) || ' this one'}; nothing was written`,
        );
      }
      if (!keys.has(table)) keys.set(table, keyLookup(all));
    }
  });
  return { keys, external: [...external.values()] };
}

/** Whether a key is in any of the sources' data sets (a generated one's keys are listed on first use). */
function keyLookup(sources: readonly SeedSource[]): (key: string) => boolean {
  let known: Set<string> | undefined;
  return (key) => {
    if (!known) {
      known = new Set();
      for (const source of sources) {
        if (source.kind === 'curated') for (const item of source.items) known.add(item.key);
        else for (let i = 0; i < source.count; i++) known.add(source.keyOf(i));
      }
    }
    return known.has(key);
  };
}

/** The checksum a source's guard records once it has run with its current data set. */
function checksumOf(source: SeedSource): string {
  return source.kind === 'curated'
    ? curatedChecksum(source.items)
    : generatedChecksum(source.count, source.variant);
}

/**
 * Every seed of another file this run refers to has run with its current data set (its guard records today's
 * checksum), so each referenced id is in the table: else SEED_ORDER naming it and what to run.
 */
export async function assertReferencedSeedsApplied(
  trx: Knex.Transaction,
  external: readonly ReferencedSeed[],
  current?: SeedFile,
): Promise<void> {
  for (const { source, file } of external) {
    if (source.kind === 'generated' && source.count === 0) continue;
    const guard = await readGuard(trx, source.name);
    if (guard?.checksum === checksumOf(source)) continue;
    const state = guard ? 'has not run since its data set changed' : 'has not run yet';
    throw new SeedError(
      'SEED_ORDER',
      `${current?.name ?? 'this seed'} refers to ${source.table.table} rows of seed ${source.name} (${file.name}), which ` +
        `${state}: run \`npx knex seed:run\` (every seed file, in order); nothing was written`,
    );
  }
}
