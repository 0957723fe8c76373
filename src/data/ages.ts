// How old each posting is when it is first seeded, so a rerun or a re-created table gives every posting the
// same age again. Ages are counted back from a Monday 00:00 UTC: a posting's age fixes its week and its
// weekday and time, which fall in the business hours of its city (mostly on weekdays). The seed rolls them
// forward to the week before it runs (`ages.roll: 'week'`, src/seed/hashing.ts), so created_at keeps that weekday
// and time whenever it runs.

import type { PostingStatus } from '../db/enums';
import { WEEK } from '../seed/hashing';
import type { Weighted } from './random';
import { fnv1a, Random, weighted } from './random';

const DAY = 24 * 60;

export { WEEK };

/**
 * Whole weeks back per status. Market figures, "ad lifetime": SEEK ads live at most 30 days (active: under 4
 * weeks) and are kept 180 days after they close (closed: 5 to 25 weeks old). Paused (1-9 weeks) and draft
 * (0-2 weeks) have no source: a paused ad ran a week or more before it was paused; a draft is a few days' work.
 */
export const AGE_WEEKS: Readonly<Record<PostingStatus, readonly [min: number, max: number]>> = {
  active: [0, 3],
  paused: [1, 8],
  closed: [5, 24],
  draft: [0, 1],
};

/** Share of ads posted on a Saturday or Sunday (local time). No source; the market check holds it under 12%. */
export const WEEKEND_SHARE = 0.04;

/** Local hours ads are posted in on a weekday: office hours, busiest mid-morning. No source. */
const WEEKDAY_HOURS: Weighted<number> = weighted(
  (
    [
      [7, 2],
      [8, 8],
      [9, 15],
      [10, 16],
      [11, 13],
      [12, 8],
      [13, 10],
      [14, 11],
      [15, 9],
      [16, 6],
      [17, 2],
    ] as const
  ).map(([h, w]) => [h, w] as const),
);

/** A posting's ages in whole minutes: created `age_minutes` and last updated `updated_age_minutes` ago. */
export interface PostingAges {
  age_minutes: number;
  updated_age_minutes: number;
}

/** A local posting time as minutes from Monday 00:00 (local). */
function localMinuteOfWeek(rng: Random): number {
  if (rng.next() < WEEKEND_SHARE) return (5 + rng.int(2)) * DAY + (9 + rng.int(7)) * 60 + rng.int(60);
  return rng.int(5) * DAY + rng.choose(WEEKDAY_HOURS) * 60 + rng.int(60);
}

/**
 * A posting's ages for its status, drawn from `rng`: a whole number of weeks back plus the minutes from its
 * local posting time to Monday 00:00 UTC (`utcOffset`: the city's offset in minutes, Sydney +600). Updated after
 * it was created: closed and paused ads when they stopped, within the 30 days an ad runs.
 */
export function drawAges(rng: Random, status: PostingStatus, utcOffset = 600): PostingAges {
  const [min, max] = AGE_WEEKS[status];
  const weeks = min + rng.int(max - min + 1);
  const utcMinute = (((localMinuteOfWeek(rng) - utcOffset) % WEEK) + WEEK) % WEEK;
  const age = weeks * WEEK + ((WEEK - utcMinute) % WEEK);
  const stopped = status === 'closed' || status === 'paused';
  const updated = stopped ? age - rng.int(Math.min(age, 30 * DAY) + 1) : rng.int(age + 1);
  return { age_minutes: age, updated_age_minutes: updated };
}

/** The ages of the posting with this key and status (for hand-written postings): fixed by the key. */
export function postingAges(key: string, status: PostingStatus): PostingAges {
  return drawAges(new Random(fnv1a(`age:${key}`)), status);
}
