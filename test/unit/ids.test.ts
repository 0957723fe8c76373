import { v5 as uuidv5 } from 'uuid';
import { CURATED_POSTINGS } from '../../src/data/curated';
import { syntheticKey } from '../../src/data/generate';
import { POSTING_ID_NAMESPACE, postingId } from '../../src/data/posting-id';
import { idBytesFor, idFor, uuidText } from '../../src/seed/table/description';

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
