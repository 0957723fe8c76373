/**
 * New rows in id order (src/seed/write/bulk-load.ts): the order is exactly the ids' sort, ties on the leading bits
 * included, and every index of the range is there once. That the table a load writes in this order is the same
 * is test/index-rebuild.test.ts's job.
 */

import { text } from '../../src/seed/table/columns';
import { defineSeedTable, type KeyedItem } from '../../src/seed/table/description';
import { itemsInIdOrder } from '../../src/seed/write/bulk-load';

const table = defineSeedTable<KeyedItem>({
  table: 'things',
  content: { key: text() },
  validate: () => [],
  noun: { one: 'thing', many: 'things' },
});

const keyOf = (index: number) => `thing-${index}`;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The indices [from, to) sorted by the ids `idAt` gives them, the slow way. */
function sortedByIds(from: number, to: number, idAt: (index: number) => string): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => byText(idAt(a), idAt(b)));
}

/**
 * The indices [from, to) in the order itemsInIdOrder yields them, for a table whose ids are `idAt(index)` (to
 * reach ids no SHA-1 would give: leads shared by many, or differing only in their low bits).
 */
function orderOf(from: number, to: number, idAt: (index: number) => string): number[] {
  const indexOf = (key: string) => Number(key.slice('thing-'.length));
  const source = {
    table: {
      ...table,
      idOf: (key: string) => idAt(indexOf(key)),
      idBytes: (key: string, out: Buffer, at: number) => {
        out.write(idAt(indexOf(key)).replace(/-/g, ''), at, 'hex');
      },
    },
    keyOf,
    *generate(first: number, end: number): Generator<KeyedItem> {
      for (let i = first; i < end; i++) yield { key: keyOf(i) };
    },
  };
  return Array.from(itemsInIdOrder(source, from, to), (item) => indexOf(item.key));
}

describe('the id order', () => {
  test('is the order of the row ids, for any range', () => {
    const idAt = (index: number) => table.idOf(keyOf(index));
    for (const [from, to] of [
      [0, 5000],
      [1234, 1300],
      [7, 8],
    ]) {
      expect(orderOf(from, to, idAt)).toEqual(sortedByIds(from, to, idAt));
    }
    expect(orderOf(10, 10, idAt)).toEqual([]);
  });

  test('ids sharing their leading bits are ordered by the whole id', () => {
    // Every id starts with the same 12 hex digits; they differ only further on, in no particular order.
    const idAt = (index: number) => {
      const tail = table.idOf(keyOf(index)).slice(13);
      return `0123abcd-ef01${index % 3 === 0 ? tail : tail.replace(/^-5/, '-4')}`;
    };
    const order = orderOf(0, 3000, idAt);
    expect(order).toEqual(sortedByIds(0, 3000, idAt));
    expect(new Set(order).size).toBe(3000);
  });

  test('ids whose leading bits differ only below what the offset leaves of them still sort exactly', () => {
    // 1,000 rows keep 43 of each id's 48 leading bits: 0x0ff and 0x0fe share them, 0x100 and 0x001 do not.
    const leads = ['0000000000ff', '000000000100', '0000000000fe', '000000000001'];
    const idAt = (index: number) => {
      const lead = leads[index % 4];
      return `${lead.slice(0, 8)}-${lead.slice(8)}-5000-8000-${String(999 - index).padStart(12, '0')}`;
    };
    expect(orderOf(0, 1000, idAt)).toEqual(sortedByIds(0, 1000, idAt));
  });
});

describe('itemsInIdOrder', () => {
  test('yields each item of the range once, generated on its own, in id order', () => {
    const calls: [number, number][] = [];
    const source = {
      table,
      keyOf,
      *generate(from: number, to: number): Generator<KeyedItem> {
        calls.push([from, to]);
        for (let i = from; i < to; i++) yield { key: keyOf(i) };
      },
    };
    const keys = [...itemsInIdOrder(source, 100, 400)].map((item) => item.key);
    expect(keys).toEqual(sortedByIds(100, 400, (i) => table.idOf(keyOf(i))).map(keyOf));
    expect(calls.every(([from, to]) => to === from + 1)).toBe(true);
  });

  test("idOf gives each yielded item its row id (read back from the order pass), any other item its key's", () => {
    const source = {
      table,
      keyOf,
      *generate(from: number, to: number): Generator<KeyedItem> {
        for (let i = from; i < to; i++) yield { key: keyOf(i) };
      },
    };
    const items = itemsInIdOrder(source, 0, 300);
    let seen = 0;
    for (const item of items) {
      expect(items.idOf(item)).toBe(table.idOf(item.key));
      seen++;
    }
    expect(seen).toBe(300);
    const other = { key: keyOf(1000) };
    expect(items.idOf(other)).toBe(table.idOf(other.key));
  });
});
