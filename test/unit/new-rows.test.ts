/**
 * The COPY rows of new items as bytes (src/seed/plan/new-rows.ts `writtenChunks`): the same rows as the text lines,
 * with each content field read off the content hash's text where that is exact, in chunks of whole lines. That the
 * server stores what the items say is test/seed-set.test.ts's (every column kind and the marks inside values).
 */
import { jobPostings as table } from '../../seeds/01_job_postings';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../../src/data/generate';
import type { SeedPosting } from '../../src/data/types';
import { writtenChunks, writtenLines } from '../../src/seed/plan/new-rows';
import { blobsOf } from '../../src/seed/plan/staging';
import { text } from '../../src/seed/table/columns';
import { defineSeedTable } from '../../src/seed/table/description';

const NOW = Date.UTC(2026, 10, 30, 12, 34, 56, 789);
const postings = (n: number) => [...generatePostings(0, n, DEFAULT_RANDOM_SEED)] as SeedPosting[];

/** The lines of chunks, each chunk checked to end a line. */
function linesOf(chunks: Iterable<Buffer>): string[] {
  const lines: string[] = [];
  for (const chunk of chunks) {
    const text = chunk.toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    lines.push(...text.slice(0, -1).split('\n'));
  }
  return lines;
}

/** A numeric(12,2) field as the text lines write it (`209000`) and as its hash text does (`209000.00`). */
const plainNumbers = (line: string) => line.replace(/\t(\d+)\.00(?=\t)/g, '\t$1');

describe('writtenChunks', () => {
  test('writes the rows writtenLines writes, the salaries as the hash reads them, most from the hash text', () => {
    const items = postings(3000);
    const lines = [...writtenLines(table, 'bench', items, NOW)].map((line) => line.slice(0, -1));
    const chunked = linesOf(writtenChunks(table, 'bench', items, NOW));
    expect(chunked.map(plainNumbers)).toEqual(lines);
    // A row read off its hash text writes a salary as `209000.00`; one written from its fields, as `209000`.
    const withSalary = items.filter((p) => p.salary_min !== null).length;
    const fromHashText = chunked.filter((line) => /\t\d+\.00\t/.test(line)).length;
    expect(withSalary).toBeGreaterThan(2000);
    expect(fromHashText).toBe(withSalary);
  });

  test('a row whose text COPY escapes is written from its fields; chunks hold whole lines at any size', () => {
    const [first, second] = postings(2);
    const items = [
      { ...first, description: 'tab\there, newline\nthere, back\\slash' },
      second,
      { ...second, key: 'other', tech_stack: null, salary_min: null, salary_max: null },
    ];
    const lines = [...writtenLines(table, 'seed', items, NOW)].map((line) => line.slice(0, -1));
    const whole = linesOf(writtenChunks(table, 'seed', items, NOW));
    expect(whole[0]).toBe(lines[0]); // escaped: \t, \n, \\ as writtenLines writes them
    expect(whole.map(plainNumbers)).toEqual(lines);
    expect(whole[2]).toContain('\t\\N\t'); // the null tech stack, from its hash text's mark
    for (const size of [1, 64, 700, 1500]) {
      const chunks = [...writtenChunks(table, 'seed', items, NOW, undefined, size)];
      expect(linesOf(chunks)).toEqual(whole);
      if (size === 1) expect(chunks).toHaveLength(3); // a line longer than the size: a chunk of its own
    }
  });

  test('text columns: a value that is the null mark or holds a separator is written as it is', () => {
    const notes = defineSeedTable<{ key: string; a?: string | null; b?: string | null }>({
      table: 'notes',
      content: { a: text(), b: text() },
      validate: () => [],
      noun: { one: 'note', many: 'notes' },
    });
    const items = [
      { key: 'last-mark', a: 'x', b: '\x02' },
      { key: 'first-mark', a: '\x02', b: 'y' },
      { key: 'nulls', a: null },
      { key: 'utf8-last-mark', a: 'é', b: '\x02' },
      { key: 'separator', a: '\x1f', b: 'z' },
      { key: 'plain', a: 'a', b: 'b' },
    ];
    const lines = [...writtenLines(notes, 'n', items, NOW)].map((line) => line.slice(0, -1));
    expect(linesOf(writtenChunks(notes, 'n', items, NOW))).toEqual(lines);
    expect(lines[2]).toMatch(/\t\\N\t\\N\tn\t/);
  });
});

describe('blobsOf (PGlite reads a COPY from blobs)', () => {
  test('groups whole chunks into blobs of about the size, each blob at least one chunk, none left out', () => {
    const chunks = [3, 4, 1, 9, 2, 2].map((n, i) => Buffer.alloc(n, 97 + i));
    const blobs = [...blobsOf(chunks, 5)];
    expect(blobs.map((blob) => blob.map((c) => c.length))).toEqual([
      [3, 4],
      [1, 9],
      [2, 2],
    ]);
    expect(Buffer.concat(blobs.flat())).toEqual(Buffer.concat(chunks));
    expect([...blobsOf([], 5)]).toEqual([]);
  });
});
