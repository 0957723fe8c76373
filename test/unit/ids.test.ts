import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { CURATED_POSTINGS } from '../../src/data/curated';
import { syntheticKey } from '../../src/data/generate';
import { POSTING_ID_NAMESPACE, postingId } from '../../src/data/posting-id';
import { idBytesFor, idFor, uuidText } from '../../src/seed/table/description';
import { namespaceWords, shortUuidV5 } from '../../src/seed/table/uuid-v5';

describe('postingId', () => {
  test('is RFC 9562 UUID v5 of the key in the project namespace, as the uuid package computes it', () => {
    expect(uuidv5('job-postings-seed', uuidv5.URL)).toBe(POSTING_ID_NAMESPACE);
    const keys = [
      ...CURATED_POSTINGS.map((p) => p.key),
      ...Array.from({ length: 2000 }, (_, i) => syntheticKey(i * 37)),
      'ünïcode-kéy',
    ];
    for (const key of keys) expect(postingId(key)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
  });

  test('is stable across machines and releases (links and tests may name a demo posting by id)', () => {
    expect(postingId('synthetic-0000000')).toBe(uuidv5('synthetic-0000000', POSTING_ID_NAMESPACE));
    expect(postingId(CURATED_POSTINGS[0].key)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('idBytesFor and uuidText', () => {
  test('write the same id as idFor, for keys of every length the scratch buffer takes and longer', () => {
    const idOf = idFor(POSTING_ID_NAMESPACE);
    const idBytes = idBytesFor(POSTING_ID_NAMESPACE);
    const out = Buffer.alloc(16 * 3);
    const keys = [
      'a',
      'synthetic-0000042',
      'ünïcode-kéy',
      '€'.repeat(400),
      'k'.repeat(1008),
      'k'.repeat(1009),
      'x'.repeat(5000),
    ];
    for (const key of keys) {
      idBytes(key, out, 16);
      expect(uuidText(out, 16)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
      expect(idOf(key)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
    }
  });
});

describe('shortUuidV5 (one SHA-1 block in JavaScript)', () => {
  const words = namespaceWords(Buffer.from(POSTING_ID_NAMESPACE.replace(/-/g, ''), 'hex'));

  test("writes the uuid package's id for every ASCII key of up to 39 characters, and declines any other", () => {
    const anyKey = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 45 }),
      fc.string({ unit: 'grapheme', maxLength: 45 }),
      // Around the edge of one block: 39 ASCII characters fit, 40 do not.
      fc
        .integer({ min: 36, max: 42 })
        .chain((n) => fc.string({ unit: 'binary-ascii', minLength: n, maxLength: n })),
      fc.integer({ min: 0, max: 9_999_999 }).map((i) => `synthetic-${String(i).padStart(7, '0')}`),
    );
    fc.assert(
      fc.property(anyKey, (key) => {
        const out = Buffer.alloc(20, 0xee);
        const written = shortUuidV5(words, key, out, 2);
        const short = key.length <= 39 && key.split('').every((c) => c.charCodeAt(0) < 0x80);
        expect(written).toBe(short);
        if (written) expect(uuidText(out, 2)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
        else expect(out.equals(Buffer.alloc(20, 0xee))).toBe(true);
        // idBytesFor takes whichever path: the id is the uuid package's either way.
        idBytesFor(POSTING_ID_NAMESPACE)(key, out, 2);
        expect(uuidText(out, 2)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
      }),
      { numRuns: 3000 },
    );
  });

  test('every length from 0 to 40, where the padding moves across the block', () => {
    for (let n = 0; n <= 40; n++) {
      const key = 'k'.repeat(n);
      const out = Buffer.alloc(16);
      expect(shortUuidV5(words, key, out, 0)).toBe(n <= 39);
      if (n <= 39) expect(uuidText(out, 0)).toBe(uuidv5(key, POSTING_ID_NAMESPACE));
    }
  });
});
