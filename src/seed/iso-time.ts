// ISO 8601 timestamps a whole number of minutes before one instant, as Date#toISOString writes them, without
// a Date per call: a load writes two per posting, and all of them share the instant's seconds and milliseconds.

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** toISOString writes a four-digit year from 0000-01-01 up to 9999-12-31 (later: six digits and a sign). */
const LAST_FOUR_DIGIT_MS = 253_402_300_799_999;
const MAX_CACHED_DAYS = 10_000;

/** "00:00" to "23:59". */
const CLOCK: readonly string[] = Array.from(
  { length: DAY_MINUTES },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

/**
 * A function of `minutes` giving `new Date(now - minutes * 60000).toISOString()` (`now` in epoch ms), the
 * same string character for character; it falls back to Date for fractional minutes or years outside 0-9999.
 */
export function minutesBefore(now: number): (minutes: number) => string {
  if (!Number.isSafeInteger(now)) return (minutes) => new Date(now - minutes * MINUTE_MS).toISOString();
  const base = new Date(now).toISOString();
  const seconds = base.slice(16); // ":34.123Z": the same for every whole number of minutes before now
  const nowMinute = Math.floor(now / MINUTE_MS);
  const days = new Map<number, string>();
  return (minutes) => {
    const t = now - minutes * MINUTE_MS;
    if (!Number.isSafeInteger(minutes) || !(t >= 0 && t <= LAST_FOUR_DIGIT_MS)) {
      return new Date(t).toISOString();
    }
    const minute = nowMinute - minutes;
    const day = Math.floor(minute / DAY_MINUTES);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MINUTES * MINUTE_MS).toISOString().slice(0, 11); // "2026-11-26T"
      if (days.size < MAX_CACHED_DAYS) days.set(day, date);
    }
    return date + CLOCK[minute - day * DAY_MINUTES] + seconds;
  };
}
