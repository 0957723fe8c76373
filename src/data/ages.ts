// How old each posting is when it is first seeded, from its key and status alone, so a rerun or a re-created
// table gives every posting the same age again (relative to when it is written).

import type { PostingStatus } from '../db/enums';
import { fnv1a, Random } from './random';

const DAY = 24 * 60;

/**
 * Age range per status, in minutes. Market figures, "ad lifetime": SEEK ads live at most 30 days (active) and are
 * kept 180 days after they close (closed: 30-180 days old). Paused (7-60) and draft (0-14) have no source: a
 * paused ad ran a week or more before it was paused; a draft is a few days' work.
 */
export const AGE_RANGES: Readonly<Record<PostingStatus, readonly [min: number, max: number]>> = {
  active: [0, 30 * DAY],
  paused: [7 * DAY, 60 * DAY],
  closed: [30 * DAY, 180 * DAY],
  draft: [0, 14 * DAY],
};

/** A posting's ages in whole minutes: created `age_minutes` and last updated `updated_age_minutes` ago. */
export interface PostingAges {
  age_minutes: number;
  updated_age_minutes: number;
}

/**
 * A posting's ages for its status, drawn from `rng`: inside the status's range, updated after it was created.
 * Deterministic when `rng` is (the synthetic generator passes the row's, seeded from its key's index).
 */
export function drawAges(rng: Random, status: PostingStatus): PostingAges {
  const [min, max] = AGE_RANGES[status];
  const age = min + rng.int(max - min);
  // Closed and paused ads were last touched when they stopped, within the 30 days an ad runs; active ones and
  // drafts are edited now and then.
  const stopped = status === 'closed' || status === 'paused';
  const updated = stopped ? age - rng.int(Math.min(age, 30 * DAY) + 1) : rng.int(age + 1);
  return { age_minutes: age, updated_age_minutes: updated };
}

/** The ages of the posting with this key and status (for hand-written postings): fixed by the key. */
export function postingAges(key: string, status: PostingStatus): PostingAges {
  return drawAges(new Random(fnv1a(`age:${key}`)), status);
}
