/**
 * `npm run bench`'s verdicts (scripts/bench-loads.ts): each goal's ratio is the median over the rounds of each
 * round's ratio to its own floor, not a ratio of medians nor one load against a floor taken minutes apart.
 */
import { benchRounds, type Loads, loadGoals, type Measured, median, paired } from '../../scripts/bench-loads';

const m = (seconds: number, maxRssMb = 100): Measured => ({ seconds, maxRssMb });

/** Rounds whose floors drift (1, 2, 4 s) while the seed keeps pace with them, but for one slow round. */
const loads: Loads = {
  rounds: [
    { copy: m(1), loadIndexed: m(0.9), loadRebuilt: m(0.7), change: m(1.1) },
    { copy: m(2), loadIndexed: m(2.2), loadRebuilt: m(1.6), change: m(2.4, 250) },
    { copy: m(4), loadIndexed: m(3.6), loadRebuilt: m(4.4), change: m(4.8) },
  ],
  copyIdOrder: m(1),
  twinRows: 200_000,
  tableMd5: 'ff11',
  noop: m(0.1),
  noopSettled: m(0.1),
  noopWarm: m(0.01),
  changeFull: m(3),
};

test('median: the middle value, the lower of the two middle ones for an even count', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2);
  expect(median([5])).toBe(5);
});

test('a phase is paired with the floor of its own round: the median of the ratios', () => {
  // Ratios 0.7, 0.8, 1.1: median 0.8 (the ratio of the medians, 1.6 / 2, would say the same only by chance).
  expect(paired(loads, (r) => r.loadRebuilt)).toEqual({ seconds: 1.6, ratio: 0.8, maxRssMb: 100 });
  expect(paired(loads, (r) => r.change).maxRssMb).toBe(250);
});

test('the goal lines say the median ratio, every round, and met or not below 1,000,000 with 0.1 more', () => {
  const lines = loadGoals(loads, 200_000);
  expect(lines[0]).toBe(
    'first load vs COPY into the indexed twin: 0.90x (median of the rounds: 0.90, 1.10, 0.90) (goal <= 1.15x, its goal at 1000000 plus 0.1 below that size: met)',
  );
  expect(lines[1]).toMatch(
    /^first load into empty table with index-after-load vs the same COPY: 0.80x .*: met\)$/,
  );
  expect(lines).toContain('round 3: floor 4.00 s, first load 3.60 s, index-after-load 4.40 s, rerun 4.80 s');
  expect(loadGoals(loads, 1_000_000)[1]).toMatch(/0.80x .*\(goal <= 0.8x: met\)$/);
  const slow = {
    ...loads,
    rounds: loads.rounds.map((r) => ({ ...r, loadRebuilt: m(r.copy.seconds * 0.95) })),
  };
  expect(loadGoals(slow, 1_000_000)[1]).toMatch(/0.95x .*NOT met\)$/);
});

test('rounds: 5 below 1,000,000 postings, 3 from there, or BENCH_ROUNDS', () => {
  expect(benchRounds(200_000, {})).toBe(5);
  expect(benchRounds(1_000_000, {})).toBe(3);
  expect(benchRounds(1_000_000, { BENCH_ROUNDS: '1' })).toBe(1);
  expect(() => benchRounds(200_000, { BENCH_ROUNDS: '0' })).toThrow(/BENCH_ROUNDS/);
});
