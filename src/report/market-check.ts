// The market check: measures rows against MARKET_FIGURES one row at a time (so a large table is read in pages),
// then gives each figure its measured value, ratio to the figure and whether it is off by more than 20%.

import type { MarketFigure, MarketRow, Measure, Target } from './figure-kit';
import { MARKET_FIGURES } from './market-figures';

/** A measure is off when it is more than this far from its figure (as a ratio). */
export const TOLERANCE = 0.2;
/** Fewer rows than this measure nothing: too few to compare. */
export const MIN_SAMPLE = 15;

/** One figure's outcome. */
export interface MarketResult {
  label: string;
  source: string;
  target: Target;
  /** How the figure and the measure read: a share (printed as a percentage), a ratio or an amount. */
  unit: 'share' | 'ratio' | 'amount' | 'count';
  /** The measured value, or null when fewer than MIN_SAMPLE rows were measured. */
  measured: number | null;
  /** How many rows the measure rests on (the smaller side of a ratio). */
  sample: number;
  /** measured / figure (for a range or bound: to the nearest edge, 1 inside it); null when not measured. */
  ratio: number | null;
  /** True when the ratio is off by more than TOLERANCE. */
  flagged: boolean;
}

type State =
  | { kind: 'share'; n: number; hits: number }
  | { kind: 'values'; values: number[] }
  | { kind: 'counts'; top: number[]; bottom: number }
  | { kind: 'pair'; top: number[]; bottom: number[] }
  | { kind: 'tally'; counts: Map<string, number> }
  | { kind: 'count'; n: number; hits: number }
  | { kind: 'max'; n: number; max: number };

function initial(m: Measure): State {
  switch (m.kind) {
    case 'share':
      return { kind: 'share', n: 0, hits: 0 };
    case 'median':
    case 'mean':
      return { kind: 'values', values: [] };
    case 'countRatio':
      return { kind: 'counts', top: [0], bottom: 0 };
    case 'maxCountRatio':
      return { kind: 'counts', top: m.tops.map(() => 0), bottom: 0 };
    case 'medianRatio':
      return { kind: 'pair', top: [], bottom: [] };
    case 'leadOver':
    case 'groupMax':
      return { kind: 'tally', counts: new Map() };
    case 'count':
      return { kind: 'count', n: 0, hits: 0 };
    case 'max':
      return { kind: 'max', n: 0, max: Number.NEGATIVE_INFINITY };
  }
}

function add(m: Measure, s: State, r: MarketRow): void {
  if (m.kind === 'share' && s.kind === 'share') {
    if (!m.where(r)) return;
    s.n++;
    if (m.of(r)) s.hits++;
  } else if ((m.kind === 'median' || m.kind === 'mean') && s.kind === 'values') {
    if (!m.where(r)) return;
    const v = m.value(r);
    if (v !== null) s.values.push(v);
  } else if (m.kind === 'countRatio' && s.kind === 'counts') {
    if (m.top(r)) s.top[0]++;
    if (m.bottom(r)) s.bottom++;
  } else if (m.kind === 'maxCountRatio' && s.kind === 'counts') {
    m.tops.forEach((t, i) => {
      if (t(r)) s.top[i]++;
    });
    if (m.bottom(r)) s.bottom++;
  } else if (m.kind === 'medianRatio' && s.kind === 'pair') {
    const v = m.value(r);
    if (v === null) return;
    if (m.top(r)) s.top.push(v);
    if (m.bottom(r)) s.bottom.push(v);
  } else if ((m.kind === 'leadOver' || m.kind === 'groupMax') && s.kind === 'tally') {
    const v = m.kind === 'leadOver' ? m.of(r) : m.key(r);
    if (v !== null) s.counts.set(v, (s.counts.get(v) ?? 0) + 1);
  } else if (m.kind === 'count' && s.kind === 'count') {
    s.n++;
    if (m.of(r)) s.hits++;
  } else if (m.kind === 'max' && s.kind === 'max') {
    if (!m.where(r)) return;
    const v = m.value(r);
    if (v === null) return;
    s.n++;
    if (v > s.max) s.max = v;
  }
}

function medianOf(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** [measured value, sample size] of a finished measure. */
function measure(m: Measure, s: State): [number | null, number] {
  if (s.kind === 'share') return [s.n > 0 ? s.hits / s.n : null, s.n];
  if (s.kind === 'count') return [s.hits, s.n];
  if (s.kind === 'max') return [s.n > 0 ? s.max : null, s.n];
  if (m.kind === 'groupMax' && s.kind === 'tally') {
    let most = 0;
    let rows = 0;
    for (const n of s.counts.values()) {
      rows += n;
      if (n > most) most = n;
    }
    return [most, rows];
  }
  if (s.kind === 'values') {
    if (s.values.length === 0) return [null, 0];
    const v = m.kind === 'mean' ? s.values.reduce((a, b) => a + b, 0) / s.values.length : medianOf(s.values);
    return [v, s.values.length];
  }
  if (s.kind === 'counts') {
    const top = Math.max(...s.top);
    return [
      s.bottom > 0 ? top / s.bottom : null,
      m.kind === 'countRatio' ? Math.min(top, s.bottom) : s.bottom,
    ];
  }
  if (s.kind === 'pair') {
    if (s.top.length === 0 || s.bottom.length === 0) return [null, 0];
    return [medianOf(s.top) / medianOf(s.bottom), Math.min(s.top.length, s.bottom.length)];
  }
  if (m.kind !== 'leadOver') return [null, 0];
  const lead = s.counts.get(m.leader) ?? 0;
  const others = [...s.counts].filter(([k]) => k !== m.leader).map(([, n]) => n);
  const next = Math.max(0, ...others);
  return [next > 0 ? lead / next : null, next];
}

function unitOf(m: Measure): MarketResult['unit'] {
  if (m.kind === 'share') return 'share';
  if (m.kind === 'count' || m.kind === 'groupMax') return 'count';
  return m.kind === 'median' || m.kind === 'mean' || m.kind === 'max' ? 'amount' : 'ratio';
}

/**
 * measured / target: to the nearest edge of a range (1 inside it); 1 when a bound holds; Infinity when a bound
 * of 0 ("no such ads") is broken.
 */
export function ratioTo(target: Target, measured: number): number {
  switch (target.kind) {
    case 'value':
      return measured / target.value;
    case 'range':
      return measured < target.min
        ? measured / target.min
        : measured > target.max
          ? measured / target.max
          : 1;
    case 'atMost':
      return measured > target.value
        ? target.value === 0
          ? Number.POSITIVE_INFINITY
          : measured / target.value
        : 1;
    case 'atLeast':
      return measured < target.value ? measured / target.value : 1;
  }
}

/** Accumulates rows, then compares them with every figure. */
export class MarketCheck {
  private readonly states: State[];

  constructor(private readonly figures: readonly MarketFigure[] = MARKET_FIGURES) {
    this.states = figures.map((f) => initial(f.measure));
  }

  add(row: MarketRow): void {
    for (let i = 0; i < this.figures.length; i++) add(this.figures[i].measure, this.states[i], row);
  }

  results(): MarketResult[] {
    return this.figures.map((f, i) => {
      const [value, sample] = measure(f.measure, this.states[i]);
      const measured = value !== null && sample >= MIN_SAMPLE ? value : null;
      const ratio = measured === null ? null : ratioTo(f.target, measured);
      const flagged = ratio !== null && Math.abs(ratio - 1) > TOLERANCE + 1e-9;
      return {
        label: f.label,
        source: f.source,
        target: f.target,
        unit: unitOf(f.measure),
        measured,
        sample,
        ratio,
        flagged,
      };
    });
  }
}

/** The market check of a set of rows (all in memory). */
export function marketCheck(rows: Iterable<MarketRow>): MarketResult[] {
  const check = new MarketCheck();
  for (const r of rows) check.add(r);
  return check.results();
}

/** On-target earnings a description states ("On-target earnings are AUD 160,000 ..."), or null. */
export function statedEarnings(description: string): number | null {
  const m = /on-target earnings are [A-Z]{3} ([\d,]+)/i.exec(description);
  return m ? Number(m[1].replace(/,/g, '')) : null;
}
