import type { Knex } from 'knex';
import { CURATED_POSTINGS } from '../src/data/curated';
import { DEFAULT_RANDOM_SEED, generatePostings } from '../src/data/generate';
import { postingId } from '../src/data/posting-id';
import type { SeedPosting } from '../src/data/types';
import { rolledAges, WEEK } from '../src/seed/hashing';
import { describeEachMigratedTarget } from './support/databases';
import { curatedCopy, seed } from './support/seeding';

/**
 * Issue 11: postings carry ages; created_at and updated_at are set from them when a row is first written.
 * Issue 18: rolled to the weekday and time the age names (ages.ts), whenever the seed runs.
 */
const SYNTHETIC = 150;
const postings: SeedPosting[] = [...CURATED_POSTINGS, ...generatePostings(0, SYNTHETIC, DEFAULT_RANDOM_SEED)];
const byId = new Map(postings.map((p) => [postingId(p.key), p]));
const MINUTE = 60_000;

interface Written {
  id: string;
  seed: string;
  created: number;
  updated: number;
  /** created_at + the posting's age: the instant the row was first written (the run's now()). */
  anchor: number;
}

/** A posting's ages as the seed that wrote it at `now` rolled them (ages.ts). */
function rolled(id: string, now: number): [number, number] {
  const p = byId.get(id);
  return rolledAges(now, p?.age_minutes ?? Number.NaN, p?.updated_age_minutes ?? 0);
}

async function written(knex: Knex): Promise<Map<string, Written>> {
  const rows = await knex('job_postings').select('id', 'seed_name', 'created_at', 'updated_at');
  // Each seed writes in one transaction, at the now() its guard row records.
  const guards = await knex('seed_guard').select('seed_name', 'last_applied_at');
  const nowOf = new Map(guards.map((g) => [String(g.seed_name), new Date(g.last_applied_at).getTime()]));
  return new Map(
    rows.map((r) => {
      const created = new Date(r.created_at).getTime();
      const [age] = rolled(r.id, nowOf.get(String(r.seed_name)) ?? Number.NaN);
      return [
        r.id,
        {
          id: r.id,
          seed: String(r.seed_name),
          created,
          updated: new Date(r.updated_at).getTime(),
          anchor: created + age * MINUTE,
        },
      ];
    }),
  );
}

/** The expected gap between created_at and updated_at of a row its seed wrote at `now`. */
function gap(id: string, now: number): number {
  const [created, updated] = rolled(id, now);
  return (created - updated) * MINUTE;
}

/** The one instant each seed's rows were written at (throws if a seed's rows disagree). */
function anchors(rows: Map<string, Written>): Map<string, number> {
  const out = new Map<string, Set<number>>();
  for (const r of rows.values()) out.set(r.seed, (out.get(r.seed) ?? new Set()).add(r.anchor));
  return new Map(
    [...out].map(([seed, set]) => {
      if (set.size !== 1) throw new Error(`${seed}: ${set.size} different first-write instants`);
      return [seed, [...set][0]];
    }),
  );
}

async function reset(knex: Knex): Promise<void> {
  await knex('job_postings').delete();
  await knex('seed_guard').delete();
}

describeEachMigratedTarget('posting ages', (db) => {
  test('a first run writes every posting its age, by INSERT and by COPY alike', async () => {
    const knex = db().knex();
    await reset(knex);
    const before = Date.now();
    await seed(knex, { syntheticCount: SYNTHETIC });
    const rows = await written(knex);
    expect(rows.size).toBe(postings.length);
    const when = anchors(rows);
    expect([...when.keys()].sort()).toEqual(['job_postings', 'job_postings_synthetic']);
    for (const t of when.values()) {
      expect(t).toBeGreaterThan(before - 5 * MINUTE);
      expect(t).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const wrongGap = [...rows.values()].filter(
      (r) => r.updated - r.created !== gap(r.id, when.get(r.seed) ?? 0),
    );
    expect(wrongGap.map((r) => byId.get(r.id)?.key)).toEqual([]);
    // created_at is on the weekday and at the time (UTC, to the minute) that the age names from a Monday.
    const wrongTime = [...rows.values()].filter((r) => {
      const age = byId.get(r.id)?.age_minutes ?? 0;
      const minuteOfWeek = (((Math.floor(r.created / MINUTE) - 4 * 1440) % WEEK) + WEEK) % WEEK;
      return minuteOfWeek !== (WEEK - (age % WEEK)) % WEEK;
    });
    expect(wrongTime.map((r) => byId.get(r.id)?.key)).toEqual([]);
    // Closed postings are months old, active ones at most 30 days.
    const oldest = Math.min(...[...rows.values()].map((r) => r.created));
    expect(Date.now() - oldest).toBeGreaterThan(30 * 24 * 60 * MINUTE);
  });

  test('a rerun with changed content keeps created_at and moves only the changed row', async () => {
    const knex = db().knex();
    await reset(knex);
    await seed(knex, { syntheticCount: SYNTHETIC });
    const before = await written(knex);
    const changed = curatedCopy();
    changed[3] = { ...changed[3], title: `${changed[3].title} (changed)` };
    await seed(knex, { syntheticCount: SYNTHETIC }, changed);
    const after = await written(knex);
    const moved = [...after.values()].filter((r) => r.updated !== before.get(r.id)?.updated).map((r) => r.id);
    expect(moved).toEqual([postingId(changed[3].key)]);
    expect([...after.values()].filter((r) => r.created !== before.get(r.id)?.created)).toEqual([]);
  });

  test('SEED_FORCE gives a row it resets (here: the app paused it) its ages back', async () => {
    const knex = db().knex();
    await reset(knex);
    await seed(knex, { syntheticCount: SYNTHETIC });
    const target = postingId(CURATED_POSTINGS[5].key);
    await knex.raw(`UPDATE job_postings SET status = 'paused', updated_at = now() WHERE id = ?`, [target]);
    const before = await written(knex);
    await seed(knex, { syntheticCount: SYNTHETIC, force: true });
    const after = await written(knex);
    const row = after.get(target);
    expect(row && row.updated - row.created).toBe(gap(target, row?.anchor ?? 0));
    expect(row?.anchor).toBeGreaterThanOrEqual(before.get(target)?.anchor ?? Number.POSITIVE_INFINITY);
    // Rows that already had their ages are left alone.
    const others = [...after.values()].filter(
      (r) => r.id !== target && r.created !== before.get(r.id)?.created,
    );
    expect(others).toEqual([]);
  });

  test('a reset table gets the same ages again', async () => {
    const knex = db().knex();
    await reset(knex);
    await seed(knex, { syntheticCount: SYNTHETIC });
    const first = await written(knex);
    await reset(knex);
    await seed(knex, { syntheticCount: SYNTHETIC });
    const second = await written(knex);
    const firstWhen = anchors(first);
    const secondWhen = anchors(second);
    for (const [id, r] of second) {
      const was = first.get(id);
      expect(was).toBeDefined();
      if (!was) continue;
      // The same weekday and time (to the minute), whenever each run was.
      const minuteOfWeek = (t: number) => Math.floor(t / MINUTE) % WEEK;
      expect(minuteOfWeek(r.created)).toBe(minuteOfWeek(was.created));
      expect(r.updated - r.created).toBe(gap(id, secondWhen.get(r.seed) ?? 0));
      expect(was.updated - was.created).toBe(gap(id, firstWhen.get(was.seed) ?? 0));
    }
  });
});
