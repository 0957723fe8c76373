// Seed names. A seed's name keys its guard row in seed_guard and marks its rows (`seed_name`): two seeds under one
// name would share that row, each run taking the other's rows for rows that left its data set (SEED_PRUNE=true
// deletes them), and a name longer than those columns hold fails on the first write. So every name is checked
// across the seed directory and within a run, before any write.

import { SeedError } from '../../errors';
import type { SeedSource } from '../table/description';
import type { SeedFile } from './seed-set';

/** seed_guard.seed_name and every seeded table's seed_name are varchar(63): a name's characters, not bytes. */
export const SEED_NAME_MAX_CHARACTERS = 63;

/** A seed and where it comes from: a file of the seed directory, or (none) the sources a run was handed. */
export interface PlacedSeed {
  source: SeedSource;
  file?: SeedFile;
}

const SHARED_WHY =
  "a seed's guard row (seed_guard) and its rows' seed_name are keyed by its name, so each would take the " +
  "other's rows for rows that left its data set, and SEED_PRUNE=true would delete them";

/**
 * Throws SEED_NAME_INVALID when a name is longer than the guard holds or two seeds share one, naming each name
 * and every file (or the run) that uses it; every problem at once. Nothing has been written yet.
 */
export function assertSeedNames(seeds: readonly PlacedSeed[]): void {
  const problems = [...tooLong(seeds), ...shared(seeds)];
  if (problems.length === 0) return;
  if (problems.length === 1) throw new SeedError('SEED_NAME_INVALID', `${problems[0]}; nothing was written`);
  throw new SeedError(
    'SEED_NAME_INVALID',
    `the seed names have ${problems.length} problems; nothing was written — fix them and run again`,
    { details: problems },
  );
}

/** Names over {@link SEED_NAME_MAX_CHARACTERS} characters (as PostgreSQL counts them: code points). */
function tooLong(seeds: readonly PlacedSeed[]): string[] {
  return seeds.flatMap(({ source, file }) => {
    const characters = [...source.name].length;
    if (characters <= SEED_NAME_MAX_CHARACTERS) return [];
    return [
      `seed name ${source.name}${file ? ` (${file.name})` : ''} is ${characters} characters long, and seed_guard ` +
        `and the seed_name column hold at most ${SEED_NAME_MAX_CHARACTERS} (varchar(${SEED_NAME_MAX_CHARACTERS})): ` +
        'give it a shorter `name` in its sources',
    ];
  });
}

/** `seed name users is used by seeds/03_users.ts and seeds/04_more_users.ts: ...` for each name used twice. */
function shared(seeds: readonly PlacedSeed[]): string[] {
  const places = new Map<string, (SeedFile | undefined)[]>();
  for (const { source, file } of seeds) places.set(source.name, [...(places.get(source.name) ?? []), file]);
  return [...places]
    .filter(([, where]) => where.length > 1)
    .map(
      ([name, where]) =>
        `seed name ${name} is used ${usedBy(where)}: ${SHARED_WHY}: give one of them (the one added last) ` +
        'another `name` in its sources',
    );
}

/** `by seeds/03_users.ts and seeds/04_more_users.ts`, `twice by seeds/03_users.ts`, `twice by the sources of this run`. */
function usedBy(where: readonly (SeedFile | undefined)[]): string {
  const files = [...new Set(where.map((file) => file?.name ?? 'the sources of this run'))];
  if (files.length > 1) return `by ${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
  return `${where.length === 2 ? 'twice' : `${where.length} times`} by ${files[0]}`;
}
