/**
 * The one test of "up to date" (src/seed/step/run-step.ts `isUpToDate`), for curated and generated steps alike: each of
 * its conditions alone makes a run compare again. A pure function of the guard, the step's kind, what the step
 * saw of the table and the options.
 */
import { CURATED_POSTINGS } from '../../src/data/curated';
import type { SeedGuardRow } from '../../src/seed/guard/seed-guard';
import { checksumOf, curatedChecksum } from '../../src/seed/hashing';
import type { Seen, StepKind } from '../../src/seed/step/kinds';
import { isUpToDate } from '../../src/seed/step/run-step';

const guard: SeedGuardRow = {
  seed_name: 'courses',
  checksum: 'abc',
  owned_keys: ['a'],
  row_count: 1,
  params: { table: { rows: 1, ids: '42', owned: 1, removed: 0 } },
  content_columns: ['title'],
  first_applied_at: new Date(0),
  last_applied_at: new Date(0),
};

const kind: StepKind = {
  checksum: 'abc',
  pendingRemoved: 0,
  rowsCurrent: true,
  converge: () => Promise.reject(new Error('an up-to-date test never converges')),
};

const seen: Seen = {
  truth: { guard, inTable: 1, intact: true, reset: false },
  stored: { spec: ['title'], changed: false, missing: [] },
};

const options = { force: false, prune: false };

test('same checksum, table intact, same content columns, rows current, nothing asked: up to date', () => {
  expect(isUpToDate(guard, kind, seen, options)).toBe(true);
  // Removed items waiting for SEED_PRUNE do not make a run without it compare.
  expect(isUpToDate(guard, { ...kind, pendingRemoved: 2 }, seen, options)).toBe(true);
  // With it, what counts is how many the table holds: the app deleted both, so there is nothing to prune.
  const noneLeft = { ...seen, truth: { ...seen.truth, removed: 0 } };
  expect(isUpToDate(guard, { ...kind, pendingRemoved: 2 }, noneLeft, { ...options, prune: true })).toBe(true);
});

test.each<[string, Parameters<typeof isUpToDate>]>([
  ['no guard yet', [undefined, kind, seen, options]],
  ['the data set changed', [guard, { ...kind, checksum: 'def' }, seen, options]],
  [
    'the table lost rows the guard left there',
    [guard, kind, { ...seen, truth: { ...seen.truth, intact: false } }, options],
  ],
  [
    'the content columns changed',
    [guard, kind, { ...seen, stored: { ...seen.stored, changed: true } }, options],
  ],
  ['rows written by another variant', [guard, { ...kind, rowsCurrent: false }, seen, options]],
  ['SEED_FORCE', [guard, kind, seen, { ...options, force: true }]],
  [
    'SEED_PRUNE with rows to prune',
    [guard, { ...kind, pendingRemoved: 1 }, seen, { ...options, prune: true }],
  ],
  [
    'SEED_PRUNE with a removed row the table holds',
    [guard, kind, { ...seen, truth: { ...seen.truth, removed: 1 } }, { ...options, prune: true }],
  ],
])('%s: not up to date', (_, args) => {
  expect(isUpToDate(...args)).toBe(false);
});

test('the data set checksum tells apart the numbers JSON writes alike (NaN, the infinities, null; -0 and 0), and no other', () => {
  const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, -0, 0];
  const sums = values.map((v) => curatedChecksum([{ key: 'a', weight: v }]));
  expect(new Set(sums).size).toBe(values.length);
  // Every other value as before the change: a guard's recorded checksum still matches its data set.
  expect(curatedChecksum(CURATED_POSTINGS)).toBe(
    '95b952aee055658d3d7f2d46182082cb608c69378ff0248945eda5b8daa8a0d9',
  );
  expect(checksumOf({ a: [1, 2.5, -3, 'x', null, true, { b: 1e21 }] })).toBe(
    '5a0e42bec9c959ab08623b96aa835f5de23c2e3ddcf80348944c01617c636cbc',
  );
});
