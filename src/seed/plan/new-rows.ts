// The COPY rows of new items (`writtenColumns`, description.ts), as the seed writes them straight into the seeded
// table: as lines of text, and as UTF-8 chunks whose content fields are read off the bytes the content hash took.

import { hash } from 'node:crypto';
import { contentHasher, minutesBefore, rolledAges, rowEncoders } from '../hashing';
import { copyField } from '../table/columns';
import type { KeyedItem, SeedTable } from '../table/description';

/** Rows are sent in chunks of about this many bytes: one write per chunk, not per row. */
export const CHUNK_BYTES = 256 * 1024;

/** The default `idOf` of the functions below: the id of the item's key. */
const keyId =
  <Item extends KeyedItem>(table: SeedTable<Item>) =>
  (item: Item) =>
    table.idOf(item.key);

/** An item's created_at and updated_at fields, each after a tab ('' for a table without ages). */
function timestampsOf<Item extends KeyedItem>(table: SeedTable<Item>, now: number): (item: Item) => string {
  if (!table.ages) return () => '';
  const { createdAge, updatedAge } = rowEncoders(table);
  const at = minutesBefore(now);
  const roll = table.ages.roll === 'week';
  return (item) => {
    const [created, updated] = roll
      ? rolledAges(now, createdAge(item), updatedAge(item))
      : [createdAge(item), updatedAge(item)];
    return `\t${at(created)}\t${at(updated)}`;
  };
}

/** An item's whole COPY line, given its id and content hash. */
function lineOf<Item extends KeyedItem>(
  table: SeedTable<Item>,
  seedName: string,
  now: number,
): (item: Item, id: string, contentHash: string) => string {
  const seed = copyField(seedName);
  const fields = rowEncoders(table).copyFields;
  const timestamps = timestampsOf(table, now);
  return (item, id, contentHash) => `${id}\t${fields(item)}\t${seed}\t${contentHash}${timestamps(item)}\n`;
}

/**
 * The COPY lines of items, each from its own fields, aged from `now` (epoch ms) when the table has ages (rolled when
 * it asks): the text {@link writtenChunks} writes a row as when it cannot read it off the hash text, and what its
 * tests hold the chunks to. `idOf`: each item's row id when the caller has it already (a load in id order derived
 * them all to sort them).
 */
export function* writtenLines<Item extends KeyedItem>(
  table: SeedTable<Item>,
  seedName: string,
  items: Iterable<Item>,
  now: number,
  idOf: (item: Item) => string = keyId(table),
): Generator<string> {
  const line = lineOf(table, seedName, now);
  const hashOf = contentHasher(table);
  for (const item of items) yield line(item, idOf(item), hashOf(item));
}

const TAB = 0x09;
const BACKSLASH = 0x5c;
/** The content hash's null and separator (HASH_NULL, HASH_SEPARATOR in columns.ts). */
const HASH_NULL_BYTE = 0x02;
const HASH_SEPARATOR_BYTE = 0x1f;

/**
 * Turns a row's content-hash text, its UTF-8 at bytes[from, to), into its COPY fields in place: each separator a
 * tab, each null's mark `\N` (one byte longer: there must be room after `to`). Returns where the fields end, or -1
 * when they cannot be read off the text: it holds a character COPY escapes (tab, newline, carriage return,
 * backslash). `layout`: where the fields are ({@link RowEncoders.hashLayout}); `nulls` has room for one index a
 * field.
 *
 * An ASCII row (nearly every one) has its separators and marks where the layout says, so a value holding the
 * hash's own marks (chr 31, chr 2) is left as it is: COPY takes them as data. In any other row the bytes are
 * searched, and a mark that is not where a null field's or a separator's would be turns the row away.
 */
function hashTextAsFields(
  text: string,
  bytes: Buffer,
  from: number,
  to: number,
  layout: Int32Array,
  nulls: Int32Array,
): number {
  if (text.includes('\\') || text.includes('\t') || text.includes('\n') || text.includes('\r')) return -1;
  const fields = layout.length >> 1;
  let nullCount = 0;
  if (to - from === text.length) {
    // A byte a character: the layout's indices are the bytes'.
    for (let i = 0; i < fields; i++) {
      if (layout[fields + i] === 1) nulls[nullCount++] = from + (i === 0 ? 0 : layout[i - 1] + 1);
      if (i < fields - 1) bytes[from + layout[i]] = TAB;
    }
  } else {
    let field = 0;
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      if (b === HASH_SEPARATOR_BYTE) {
        bytes[i] = TAB;
        field++;
      } else if (b === HASH_NULL_BYTE) {
        // A null's field is its mark alone (had a value held a separator, the count below would say so).
        if (layout[fields + field] !== 1) return -1;
        nulls[nullCount++] = i;
      }
    }
    if (field !== fields - 1) return -1;
  }
  // Each mark becomes `\N`: from the last, the bytes after it move right by one more than those before it.
  for (let j = nullCount - 1, segmentEnd = to; j >= 0; j--) {
    const at = nulls[j];
    bytes.copyWithin(at + j + 2, at + 1, segmentEnd);
    bytes[at + j] = BACKSLASH;
    bytes[at + j + 1] = 0x4e; // N
    segmentEnd = at;
  }
  return to + nullCount;
}

/**
 * The same rows as {@link writtenLines}, as UTF-8 chunks of about `size` bytes (whole lines; a line longer than
 * `size` gets a chunk of its own), what the seed and the benchmark COPY. Each row's content-hash text is written
 * into the chunk where its content fields go, md5 is taken of those bytes, and they become the COPY fields in
 * place: each separator a tab, each null `\N`. So the row's content is flattened and encoded once, not once for
 * the hash and again for the line (Node's encoding of generated postings: 0.88-0.90x the time, docs/benchmarks.md).
 *
 * That holds because every content column's hash text is COPY input for the same value (Column.hashTextIsInput:
 * PostgreSQL's output of a value is its input, `209000.00` for numeric(12,2) as well as `209000`). A row whose
 * hash text holds a tab, a newline, a carriage return or a backslash (COPY escapes them), or that is not ASCII
 * and holds a separator or a null mark inside a value, is written as {@link writtenLines} writes it, from its own
 * fields; so is every row of a table with a column kind written by hand that does not say its hash text is its
 * input.
 */
export function* writtenChunks<Item extends KeyedItem>(
  table: SeedTable<Item>,
  seedName: string,
  items: Iterable<Item>,
  now: number,
  idOf: (item: Item) => string = keyId(table),
  size = CHUNK_BYTES,
): Generator<Buffer> {
  const { hashLayout, lifecycleFields, hashTextIsInput } = rowEncoders(table);
  const line = lineOf(table, seedName, now);
  const timestamps = timestampsOf(table, now);
  const seed = copyField(seedName);
  const layout = new Int32Array(2 * table.contentColumns.length);
  const nulls = new Int32Array(table.contentColumns.length);
  let buffer = Buffer.allocUnsafe(size);
  let used = 0;
  /** A new chunk with room for `bytes`, the chunk so far yielded first. */
  function* room(bytes: number): Generator<Buffer> {
    if (used > 0) yield buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(Math.max(size, bytes));
    used = 0;
  }
  for (const item of items) {
    const id = idOf(item);
    const text = hashLayout(item, layout);
    const tail = `${lifecycleFields(item)}\t${seed}\t`;
    const stamps = timestamps(item);
    // A UTF-16 unit is at most 3 bytes of UTF-8; a null's `\N` is a byte more than its mark; the md5 is 32.
    const need = (id.length + 1 + text.length + tail.length + stamps.length) * 3 + nulls.length + 34;
    if (used + need > buffer.length) yield* room(need);
    const start = used;
    // The id is a UUID's text: 36 ASCII bytes and a tab before the content.
    const content = start + id.length + 1;
    const end = start + buffer.write(`${id}\t${text}`, start, 'utf8');
    const contentHash = hash('md5', buffer.subarray(content, end), 'hex');
    const fieldsEnd = hashTextIsInput ? hashTextAsFields(text, buffer, content, end, layout, nulls) : -1;
    if (fieldsEnd < 0) {
      // Written from the row's own fields (escaped), over what was written; the hash stands (it read the text).
      const whole = line(item, id, contentHash);
      used = start;
      if (used + whole.length * 3 > buffer.length) yield* room(whole.length * 3);
      used += buffer.write(whole, used, 'utf8');
      continue;
    }
    used = fieldsEnd + buffer.write(`${tail}${contentHash}${stamps}\n`, fieldsEnd, 'utf8');
  }
  if (used > 0) yield buffer.subarray(0, used);
}
