// Values against the table's declared sizes, once the run has read the table (validate.ts, liveColumns): a
// char(n) column pads a value with spaces and prints it without them, a varchar(n) column cuts spaces past n.
// Either stores another value than the item's, and the row would look edited by the app on every later run.

import { SeedError } from '../errors';
import { fitsIn } from './table/columns';
import { fieldsOf, type KeyedItem, type SeedTable } from './table/description';
import type { LiveColumn } from './validate';

/** A described column whose declared size bounds or changes what a text kind writes into it. */
export interface SizedColumn {
  name: string;
  /** `character(3)`, `character varying(100)`: as the error names it. */
  declared: string;
  table: string;
  length: number;
  /** char(n): trailing spaces are padding, not text. */
  padded: boolean;
  /** varchar(n)[]: each element is bounded (`textArray()`). */
  array: boolean;
  /** What the kind writes for an item that leaves the field out (a lifecycle column's starting value). */
  fallback: unknown;
}

const SIZED_TYPE = /^character( varying)?\((\d+)\)(\[\])?$/;

/**
 * The columns of `table` declared char(n) or varchar(n), as `live` describes them, that a kind writes text into
 * (not the char kind on a char(n) column: its hash drops trailing spaces as the column does; its length is the
 * schema check's).
 */
export function sizedColumns(table: SeedTable, live: readonly LiveColumn[]): SizedColumn[] {
  const byName = new Map(live.filter((c) => c.table === table.table).map((c) => [c.column, c]));
  return table.dataColumns.flatMap(([name, column]): SizedColumn[] => {
    const declared = byName.get(name)?.declared ?? '';
    const size = SIZED_TYPE.exec(declared);
    if (!size || (column.dropsTrailingSpaces && !size[1])) return [];
    return [
      {
        name,
        declared,
        table: table.table,
        length: Number(size[2]),
        padded: !size[1],
        array: !!size[3],
        fallback: column.fallback,
      },
    ];
  });
}

/** What the sized columns would not store of an item as given, one `field: why` each. */
export function sizeProblems(sized: readonly SizedColumn[], item: KeyedItem): string[] {
  const record = fieldsOf(item);
  const problems: string[] = [];
  for (const c of sized) {
    const fromFallback = record[c.name] === undefined;
    const value = fromFallback ? c.fallback : record[c.name];
    const column = `${c.table}.${c.name} (${c.declared})`;
    const field = fromFallback ? `${c.name} (the seed file's fallback: the item leaves it out)` : c.name;
    if (c.array && Array.isArray(value)) {
      value.forEach((element, i) => {
        if (typeof element === 'string' && !fitsIn(element, c.length))
          problems.push(
            `${field}: element ${i} has ${[...element].length} characters, more than column ${column} holds`,
          );
      });
      continue;
    }
    if (typeof value !== 'string') continue;
    if (!fitsIn(value, c.length))
      problems.push(`${field}: has ${[...value].length} characters, more than column ${column} holds`);
    else if (c.padded && value.endsWith(' '))
      problems.push(
        `${field}: ends in a space, which column ${column} does not keep (char pads values with spaces and ` +
          'drops them when read): remove it, or make the column varchar or text',
      );
  }
  return problems;
}

const sizeChecks = new WeakMap<readonly SizedColumn[], (item: KeyedItem) => string[] | undefined>();

/**
 * {@link sizeProblems} for a generated item, compiled once per run's sized columns into one property read and two
 * comparisons per column, with no allocation for an item that fits: an array per item cost a 1,000,000-row load
 * 0.25-0.4 s. Undefined when the item fits. Column names are plain identifiers (description.ts checks them).
 */
export function sizeCheck(sized: readonly SizedColumn[]): (item: KeyedItem) => string[] | undefined {
  let check = sizeChecks.get(sized);
  if (!check) {
    // The kind's fallback for a field the item leaves out, as the write takes it (fallbacks[i]).
    const tests = sized.map((c, i) =>
      c.array
        ? `v = item.${c.name}; if (v === undefined) v = fallbacks[${i}]; if (Array.isArray(v)) for (const e of v) if (typeof e === 'string' && e.length > ${c.length}) return slow(item);`
        : `v = item.${c.name}; if (v === undefined) v = fallbacks[${i}]; if (typeof v === 'string' && (v.length > ${c.length}${c.padded ? ' || v.charCodeAt(v.length - 1) === 32' : ''})) return slow(item);`,
    );
    const slow = (item: KeyedItem) => {
      const problems = sizeProblems(sized, item);
      return problems.length > 0 ? problems : undefined;
    };
    check = new Function(
      'slow',
      'fallbacks',
      `return (item) => { let v; ${tests.join(' ')} return undefined; };`,
    )(
      slow,
      sized.map((c) => c.fallback),
    ) as (item: KeyedItem) => string[] | undefined;
    sizeChecks.set(sized, check);
  }
  return check;
}

/**
 * Throws `DATA_INVALID` listing every item of a hand-written data set that its table's sized columns would not
 * store as given ({@link sizeProblems}); a generated seed checks each item as it is generated.
 */
export function assertValuesFit<Item extends KeyedItem>(
  seedName: string,
  items: readonly Item[],
  sized: readonly SizedColumn[],
): void {
  if (sized.length === 0) return;
  const problems = items.flatMap((item) => sizeProblems(sized, item).map((p) => `${item.key}.${p}`));
  if (problems.length === 0) return;
  throw new SeedError(
    'DATA_INVALID',
    `the ${seedName} data set has ${problems.length} problem(s); nothing was written — fix them and run again`,
    { details: problems },
  );
}
