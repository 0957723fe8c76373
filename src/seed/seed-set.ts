// The seed file set: the files of knex's seed directory, found and loaded exactly as `knex seed:run` finds and
// loads them, each with the sources it hands the engine (its `sources` export), so every tool sees every seed.

import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { SeedOptions } from '../config';
import type { SeedSource } from './table';

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
export async function loadSeedSet(base: SeedsOf, config?: SeedDirectoryConfig): Promise<SeedFile[]> {
  const merged = seederConfig(base, config);
  const files = await merged.seedSource.getSeeds(merged);
  const set: SeedFile[] = [];
  for (const file of files) {
    const exports = await merged.seedSource.getSeed(file);
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

/** Every source of the seed directory knex would run (`--specific` in argv: that file's), for the options. */
export async function seedsOfDirectory(
  base: SeedsOf,
  argv: readonly string[],
  options: SeedOptions,
): Promise<{ files: SeedFile[]; seeds: { file: SeedFile; source: SeedSource }[] }> {
  const files = await loadSeedSet(base, seedDirectoryArgs(argv));
  return { files, seeds: sourcesOfSet(files, options) };
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
