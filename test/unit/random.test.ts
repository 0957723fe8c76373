import { Random, weighted } from '../../src/data/random';

/** The plain binary search choose() made before it had a guide: the first running total above u, else the last. */
function reference<T>(items: readonly T[], weights: readonly number[], r: number): T {
  let total = 0;
  const cumulative = weights.map((w) => {
    total += w;
    return total;
  });
  const u = r * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u >= cumulative[mid]) lo = mid + 1;
    else hi = mid;
  }
  return items[lo];
}

describe('Random.choose', () => {
  const tables: readonly (readonly number[])[] = [
    [1],
    [3, 1],
    [0, 1, 0, 2, 0],
    [90, 4, 3, 3],
    [0.2, 0.6, 0.8, 9, 8, 6, 3, 1.5],
    Array.from({ length: 420 }, (_, i) => [1, 1.5, 2.5, 4][i % 4]),
    [1, 0, 0],
  ];

  test.each(tables.map((w) => [w.length, w] as const))(
    'picks what a binary search picks, as chooseIndex does without a table (%i items)',
    (_, weights) => {
      const items = weights.map((_, i) => i);
      const table = weighted(items.map((i) => [i, weights[i]] as const));
      const rng = new Random(12345);
      const twin = new Random(12345);
      const tableless = new Random(12345);
      for (let n = 0; n < 20_000; n++) {
        const r = twin.next();
        const picked = rng.choose(table);
        if (picked !== reference(items, weights, r)) expect(picked).toBe(reference(items, weights, r));
        const index = tableless.chooseIndex(weights);
        if (index !== picked) expect(index).toBe(picked);
      }
    },
  );

  test('picks what a binary search picks at bucket edges and next to 1', () => {
    /** A Random whose draws are given, to hit the exact edges of the guide's buckets. */
    class Given extends Random {
      value = 0;
      override next(): number {
        return this.value;
      }
    }
    const draws = [1 - 2 ** -53, 0.5 - 2 ** -54];
    for (let k = 0; k < 4096; k++) draws.push(k / 4096, Math.min(1 - 2 ** -53, k / 4096 + 2 ** -40));
    const rng = new Given(0);
    for (const weights of tables) {
      const items = weights.map((_, i) => i);
      const table = weighted(items.map((i) => [i, weights[i]] as const));
      for (const r of draws) {
        rng.value = r;
        const picked = rng.choose(table);
        if (picked !== reference(items, weights, r)) expect(picked).toBe(reference(items, weights, r));
        const index = rng.chooseIndex(weights);
        if (index !== picked) expect(index).toBe(picked);
      }
    }
  });
});
