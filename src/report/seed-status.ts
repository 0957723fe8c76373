// `npm run db:status`'s seed part: per seed of every seed file, what its guard says was applied, whether the
// repo's data set differs, and whether the table still holds what the last run left there.

import type { Knex } from 'knex';
import type { SeedOptions } from '../config';
import { checkTable, recordedTable, type SeedGuardRow } from '../seed/guard/seed-guard';
import { curatedChecksum, generatedChecksum, hashSpecOf } from '../seed/hashing';
import type { SeedFile } from '../seed/run/seed-set';
import { curatedOwnedIds } from '../seed/step/kinds';
import { plural } from '../seed/summary';
import type { SeedSource } from '../seed/table/description';
import { fixPrintSettings } from '../seed/table/pg-text';

/** The checksum a seed's guard records once it has run with today's data set. */
export function repoChecksum(source: SeedSource): string {
  return source.kind === 'curated'
    ? curatedChecksum(source.items)
    : generatedChecksum(source.count, source.variant);
}

/**
 * One line per seed (and per seed file the tools cannot read), in knex's order. In a transaction of its own with the
 * settings the content hash is read under (a database in another time zone made every row with a timestamp look
 * edited: "the table changed since").
 */
export async function seedStatusLines(
  knex: Knex,
  files: readonly SeedFile[],
  options: SeedOptions,
  guards: ReadonlyMap<string, SeedGuardRow>,
): Promise<string[]> {
  return knex.transaction(async (trx) => {
    await fixPrintSettings(trx);
    const lines: string[] = [];
    for (const file of files) {
      if (!file.sources) {
        lines.push(
          `  ${file.name}: exports no \`sources\`, so no tool can see its seeds (docs/seed-engine.md)`,
        );
        continue;
      }
      for (const source of file.sources(options)) lines.push(await statusLine(trx, source, guards));
    }
    return lines;
  });
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
  // True of the table, not only of the guard: the seed's rows read now (which ids; a curated set's owned ids
  // and app edits too) against what the last run recorded it left there, as a rerun checks them.
  const { table } = source;
  const spec = hashSpecOf(table);
  const sameColumns = JSON.stringify(g.content_columns ?? spec) === JSON.stringify(spec);
  const truth = await checkTable(
    knex,
    table.table,
    name,
    g,
    source.kind === 'curated' && sameColumns
      ? (guard) => curatedOwnedIds(table, guard.owned_keys ?? [], source.items, spec)
      : undefined,
  );
  const last = recordedTable(g);
  const owned = truth.intact
    ? `${plural(truth.owned ?? 0, 'row')} owned`
    : `${plural(last?.owned ?? g.row_count, 'row')} owned after the last run, ${truth.inTable} with its name in the table now` +
      // A generated seed compares every row with its name, so the last run's figure still holds; a curated
      // one compares its owned ids, so an app copy since an up-to-date run is not in it.
      `${last && source.kind !== 'curated' ? ` (${last.rows} then${last.rows === truth.inTable ? ', other rows' : ''})` : ''}`;
  const state =
    g.checksum !== repoChecksum(source) || !sameColumns
      ? 'the repo data set differs: run `npx knex seed:run`'
      : truth.intact
        ? 'in sync with the repo'
        : 'the table changed since: run `npx knex seed:run`';
  return (
    `  ${name}: checksum ${g.checksum.slice(0, 12)}, last applied ${new Date(g.last_applied_at).toISOString()}` +
    ` (first ${new Date(g.first_applied_at).toISOString()}), ${owned}; ${state}`
  );
}
