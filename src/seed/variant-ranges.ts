/**
 * Which variant each generated row holds. A generated item is a pure function of its index and its source's
 * variant (for the synthetic postings: random seed and generator version), so rows made by one run can be
 * trusted to equal what another run would write only when both used the same variant. The guard therefore records, for the indices the seed owns, ranges
 * `[from, to)` of the variant that last wrote them. A run compares (generates, stages, diffs) exactly the indices
 * it keeps whose recorded variant is not its own, whatever sequence of counts and seeds came before: e.g.
 * `other`/100, then 0 (nothing compared; [0,100) stays `other`), then default/100 compares all 100, and
 * `other`/100, default/10 ([0,10) default, [10,100) other), default/100 compares [10,100).
 */

/** What selects a generated row's content besides its index (a source's `variant`). */
export type Variant = Readonly<Record<string, string | number>>;

/** Owned indices [from, to) last written by one variant (its fields beside `from` and `to`; none: unknown). */
export type VariantRange = { from: number; to: number } & Record<string, string | number>;

/** [from, to) */
export type IndexRange = [number, number];

const fieldsOf = (v: Variant) => Object.keys(v).filter((k) => k !== 'from' && k !== 'to');

/** Same fields, same values (a range of unknown variant has none, so it equals no real variant). */
function sameVariant(a: Variant, b: Variant): boolean {
  const fields = fieldsOf(a);
  return fields.length > 0 && fields.length === fieldsOf(b).length && fields.every((k) => a[k] === b[k]);
}

/**
 * The recorded ranges, or (guards written before ranges were recorded, whose params could name a variant the rows
 * did not hold) one range of unknown variant over everything owned, so it is compared once.
 */
export function recordedVariants(
  params: { variants?: unknown; ownedCount?: number } | undefined,
): VariantRange[] {
  if (Array.isArray(params?.variants)) return params.variants as VariantRange[];
  const owned = params?.ownedCount ?? 0;
  return owned > 0 ? [{ from: 0, to: owned }] : [];
}

/** True when every index in [0, to) was written by `variant`. */
export function allOf(ranges: readonly VariantRange[], to: number, variant: Variant): boolean {
  return differing(ranges, to, variant).length === 0;
}

/** The indices below `to` whose recorded variant is not `variant` (or is not recorded), as sorted ranges. */
export function differing(ranges: readonly VariantRange[], to: number, variant: Variant): IndexRange[] {
  const out: IndexRange[] = [];
  const add = (from: number, end: number) => {
    if (from >= end) return;
    const last = out.at(-1);
    if (last && last[1] === from) last[1] = end;
    else out.push([from, end]);
  };
  let covered = 0;
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    if (r.from >= to) break;
    add(covered, r.from);
    if (!sameVariant(r, variant)) add(Math.max(r.from, covered), Math.min(r.to, to));
    covered = Math.max(covered, Math.min(r.to, to));
  }
  add(covered, to);
  return out;
}

/** After a run that wrote [0, count) as `variant` and still owns [0, ownedCount): the ranges to record. */
export function variantsAfter(
  ranges: readonly VariantRange[],
  count: number,
  ownedCount: number,
  variant: Variant,
): VariantRange[] {
  const out: VariantRange[] = [];
  const push = (r: VariantRange) => {
    if (r.from >= r.to) return;
    const last = out.at(-1);
    if (last && last.to === r.from && sameVariant(last, r)) last.to = r.to;
    else out.push({ ...r });
  };
  push({ ...variant, from: 0, to: Math.min(count, ownedCount) });
  for (const r of [...ranges].sort((a, b) => a.from - b.from))
    push({ ...r, from: Math.max(r.from, count), to: Math.min(r.to, ownedCount) });
  return out;
}

/** The number of indices in the ranges. */
export function sizeOf(ranges: readonly IndexRange[]): number {
  return ranges.reduce((n, [from, to]) => n + to - from, 0);
}
