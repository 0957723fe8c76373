// Seeded randomness for the synthetic generator. Each posting gets its own 32-bit seed from (randomSeed, index)
// via rowSeed, so posting i never depends on how many postings are generated or in which order; a Random built
// from that seed makes the row's draws. mulberry32 is plenty for ~40 draws per row and very cheap.

/** A weighted choice, precomputed: the items, their running totals and the sum of the weights. */
export interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
  /**
   * Where {@link Random.choose} starts looking: for a draw r in [b/M, (b+1)/M), M = guide.length (a power of
   * two), an index no higher than the one the draw picks.
   */
  readonly guide: Int32Array;
}

/** The index a draw u in [0, total) picks: the first running total above u (the last item if none is). */
function pickedIndex(cumulative: readonly number[], u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u >= cumulative[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The guide of a table: M a power of two (so r * M and b / M are exact), at least 4 buckets per item. Float
 * multiplication is monotonic, so r >= b/M gives r * total >= (b/M) * total, and the index picked there is a
 * lower bound for every draw in bucket b.
 */
function guideOf(cumulative: readonly number[], total: number): Int32Array {
  let size = 16;
  while (size < cumulative.length * 4) size *= 2;
  const guide = new Int32Array(size);
  for (let b = 0; b < size; b++) guide[b] = pickedIndex(cumulative, (b / size) * total);
  return guide;
}

/** Builds the table {@link Random.choose} draws from, from [item, weight] pairs. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cumulative = pairs.map(([, w]) => {
    total += w;
    return total;
  });
  return { items: pairs.map(([item]) => item), cumulative, total, guide: guideOf(cumulative, total) };
}

/** A mulberry32 generator: the same seed gives the same sequence of draws. */
export class Random {
  private state: number;

  /** @param seed a 32-bit integer, e.g. from {@link rowSeed}. */
  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    const s = this.state;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * One of the table's items, in proportion to its weight: the first running total above the draw (the last
   * item if none is), found by a short scan from the table's guide.
   */
  choose<T>(table: Weighted<T>): T {
    const r = this.next();
    const u = r * table.total;
    const { cumulative, guide } = table;
    const last = cumulative.length - 1;
    let i = guide[(r * guide.length) | 0];
    while (i < last && u >= cumulative[i]) i++;
    return table.items[i];
  }

  /**
   * The index {@link choose} would pick from a table of these weights, without building the table: for a
   * choice made once (a guide costs more to build than it saves). Same running totals, same draw, same index.
   */
  chooseIndex(weights: readonly number[]): number {
    const u = this.next() * weights.reduce((sum, w) => sum + w, 0);
    const last = weights.length - 1;
    let upTo = 0;
    for (let i = 0; i < last; i++) {
      upTo += weights[i];
      if (u < upTo) return i;
    }
    return last;
  }
}

/** murmur3's finaliser: a bijection on 32-bit integers that spreads every input bit over the output. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a of a string: a stable 32-bit seed for anything keyed by text (a posting key, a company pool). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Generating a data set calls rowSeed with one seed many times: remember the last hash. A pure cache — the
// result never depends on what was called before.
let lastSeed: string | undefined;
let lastSeedHash = 0;

/** The 32-bit seed of row `index` for `randomSeed`: distinct indices below 2^32 get distinct row seeds. */
export function rowSeed(index: number, randomSeed: string): number {
  if (randomSeed !== lastSeed) {
    lastSeed = randomSeed;
    lastSeedHash = fnv1a(randomSeed);
  }
  // Odd multiplier and xor are bijections, so distinct indices below 2^32 get distinct row seeds.
  const h = fmix32((lastSeedHash ^ Math.imul(index >>> 0, 0x9e3779b9)) >>> 0);
  const high = Math.floor(index / 4294967296);
  return high === 0 ? h : fmix32((h ^ high) >>> 0);
}
