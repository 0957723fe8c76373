/**
 * The narrow pass's reader of the seed's stored hashes (src/seed/write/bulk-load.ts `StoredRows`): COPY text rows
 * however the chunks cut them, fields read from the bytes. Against the rows the same text splits into.
 */
import { StoredRows } from '../../src/seed/write/bulk-load';

/** Rows as {@link StoredRows} reads them, from `chunks` delivered in turn (Buffers, or strings as PGlite's blob). */
async function readAll(chunks: (Buffer | string)[]) {
  const rows = new StoredRows(
    (async function* () {
      for (const chunk of chunks) yield chunk;
    })(),
  );
  const out: [string, string, boolean, string][] = [];
  for (;;) {
    const next = rows.next();
    if (!(typeof next === 'boolean' ? next : await next)) break;
    out.push([rows.id(), rows.hash(), rows.current(), rows.lifecycle()]);
  }
  return out;
}

const ID = (n: number) => `${String(n).padStart(8, '0')}-0000-5000-8000-000000000000`;
const HASH = (n: number) => String(n).repeat(32).slice(0, 32);

/** The expected rows: the text split into lines and fields. */
function parsed(text: string) {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id, hash, current, lifecycle = ''] = line.split('\t');
      return [id, hash, current === 't', lifecycle];
    });
}

describe.each([
  ['without lifecycle hashes', false],
  ['with lifecycle hashes (SEED_FORCE)', true],
])('StoredRows, %s', (_, lifecycle) => {
  const text = [1, 2, 3]
    .map((n) => [ID(n), n === 2 ? '\\N' : HASH(n), n === 3 ? 'f' : 't', ...(lifecycle ? [HASH(n + 5)] : [])])
    .map((fields) => `${fields.join('\t')}\n`)
    .join('');

  test('in one chunk, cut into two at every byte, and into three at every byte and every seventh after it', async () => {
    const whole = Buffer.from(text, 'latin1');
    const expected = parsed(text);
    expect(expected).toHaveLength(3);
    expect(await readAll([whole])).toEqual(expected);
    for (let i = 0; i <= whole.length; i++) {
      expect(await readAll([whole.subarray(0, i), whole.subarray(i)])).toEqual(expected);
      for (let j = i; j <= whole.length; j += 7)
        expect(await readAll([whole.subarray(0, i), whole.subarray(i, j), whole.subarray(j)])).toEqual(
          expected,
        );
    }
  });

  test('a string chunk (PGlite hands the whole output over as one) reads the same', async () => {
    expect(await readAll([text])).toEqual(parsed(text));
  });
});

test('StoredRows: no rows; a stream cut in the middle of a row is an error, not a shorter list', async () => {
  expect(await readAll([])).toEqual([]);
  expect(await readAll([Buffer.alloc(0), ''])).toEqual([]);
  await expect(readAll([`${ID(1)}\t${HASH(1)}\tt\n${ID(2)}\t${HASH(2)}`])).rejects.toThrow(
    'ended in the middle of a row',
  );
});
