// Seed names. A seed's name keys its guard row in seed_guard and marks its rows (`seed_name`): two seeds under one
// name would share that row, each run taking the other's rows for rows that left its data set (SEED_PRUNE=true
// deletes them). So a name is used once across the seed directory and within a run, checked before any write.

import { SeedError } from '../../errors';
import type { SeedSource } from '../table/description';
import type { SeedFile } from './seed-set';

/** A seed and where it comes from: a file of the seed directory, or (none) the sources a run was handed. */
export interface PlacedSeed {
  source: SeedSource;
  file?: SeedFile;
}

const WHY =
  "a seed's guard row (seed_guard) and its rows' seed_name are keyed by its name, so each would take the " +
  "other's rows for rows that left its data set, and SEED_PRUNE=true would delete them";

/**
 * Throws SEED_NAME_INVALID, naming each shared name and every file (or the run) that uses it, when two seeds
 * have the same name; nothing has been written yet.
 */
export function assertUniqueSeedNames(seeds: readonly PlacedSeed[]): void {
  const places = new Map<string, (SeedFile | undefined)[]>();
  for (const { source, file } of seeds) places.set(source.name, [...(places.get(source.name) ?? []), file]);
  const shared = [...places]
    .filter(([, where]) => where.length > 1)
    .map(([name, where]) => usedBy(name, where));
  if (shared.length === 0) return;
  const fix = 'give one of them (the one added last) another `name` in its sources; nothing was written';
  if (shared.length === 1) throw new SeedError('SEED_NAME_INVALID', `${shared[0]}: ${WHY}: ${fix}`);
  throw new SeedError(
    'SEED_NAME_INVALID',
    `${shared.length} seed names are each used by more than one seed: ${WHY}: for each, ${fix}`,
    { details: shared },
  );
}

/** `seed name users is used by seeds/03_users.ts and seeds/04_more_users.ts` (or twice by one file, or a run). */
function usedBy(name: string, where: readonly (SeedFile | undefined)[]): string {
  const files = [...new Set(where.map((file) => file?.name ?? 'the sources of this run'))];
  const times = where.length === 2 ? 'twice' : `${where.length} times`;
  const by = files.length === 1 ? `${times} by ${files[0]}` : `by ${and(files)}`;
  return `seed name ${name} is used ${by}`;
}

const and = (items: readonly string[]) => `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
