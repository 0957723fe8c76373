// `npm run db:status`'s seed part: per seed of every seed file, what its guard says was applied, whether the
// repo's data set differs, and whether the table still holds what the last run left there.

import type { Knex } from 'knex';
import type { SeedOptions } from '../config';
import { countSeedRows, recordedRowsInTable, type SeedGuardRow } from '../seed/guard';
import { curatedChecksum, generatedChecksum } from '../seed/hashing';
import type { SeedFile } from '../seed/seed-set';
import type { SeedSource } from '../seed/table';

/** The checksum a seed's guard records once it has run with today's data set. */
export function repoChecksum(source: SeedSource): string {
  return source.kind === 'curated'
    ? curatedChecksum(source.items)
    : generatedChecksum(source.count, source.variant);
}

/** One line per seed (and per seed file the tools cannot read), in knex's order. */
export async function seedStatusLines(
  knex: Knex,
  files: readonly SeedFile[],
  options: SeedOptions,
  guards: ReadonlyMap<string, SeedGuardRow>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    if (!file.sources) {
      lines.push(
        `  ${file.name}: exports no \`sources\`, so no tool can see its seeds (docs/seed-engine.md)`,
      );
      continue;
    }
    for (const source of file.sources(options)) lines.push(await statusLine(knex, source, guards));
  }
  return lines;
}

async function statusLine(
  knex: Knex,
  source: SeedSource,
  guards: ReadonlyMap<string, SeedGuardRow>,
): Promise<string> {
  const { name } = source;
  const g = guards.get(name);
  if (!g) {
    const wanted = source.kind === 'curated' || source.count > 0;
    return `  ${name}: never applied${wanted ? ' (run `npx knex seed:run`)' : ''}`;
  }
  // True of the table, not only of the guard: its rows counted now against what the last run left there.
  const inTable = await countSeedRows(knex, source.table.table, name);
  const expected = recordedRowsInTable(g);
  const tableState = inTable === expected ? '' : `, ${inTable} in the table (${expected} after the last run)`;
  const state =
    g.checksum !== repoChecksum(source)
      ? 'the repo data set differs: run `npx knex seed:run`'
      : tableState
        ? 'the table changed since: run `npx knex seed:run`'
        : 'in sync with the repo';
  return (
    `  ${name}: checksum ${g.checksum.slice(0, 12)}, last applied ${new Date(g.last_applied_at).toISOString()}` +
    ` (first ${new Date(g.first_applied_at).toISOString()}), ${g.row_count} rows owned${tableState}; ${state}`
  );
}
