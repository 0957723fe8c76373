import { minutesBefore } from '../../src/seed/hashing';

const dateOf = (now: number, minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('minutesBefore', () => {
  test('writes what Date#toISOString writes, across days, months, leap days and years', () => {
    const nows = [
      Date.UTC(2026, 10, 26, 15, 26, 34, 123),
      Date.UTC(2024, 2, 1, 0, 0, 59, 999), // just after a leap day
      Date.UTC(2027, 0, 1, 0, 0, 0, 0), // midnight on New Year's Day
      Date.UTC(1970, 0, 3, 1, 2, 3, 4), // close to the epoch: minutes before it fall back to Date
    ];
    const minutes = [0, 1, 59, 60, 61, 1439, 1440, 1441, 43_200, 259_200, 525_600, 527_040, 3_000, -1, -1441];
    for (const now of nows) {
      const ago = minutesBefore(now);
      for (const m of minutes) expect(ago(m)).toBe(dateOf(now, m));
      // Every minute of the 180 days a closed posting may be old, twice (the second time from the day cache).
      for (let pass = 0; pass < 2; pass++) {
        for (let m = 0; m <= 180 * 1440; m += 7) {
          if (ago(m) !== dateOf(now, m)) expect(ago(m)).toBe(dateOf(now, m));
        }
      }
    }
  });

  test('falls back to Date for fractional minutes and for years past 9999', () => {
    const now = Date.UTC(2026, 10, 26, 15, 26, 34, 123);
    const ago = minutesBefore(now);
    expect(ago(1.5)).toBe(dateOf(now, 1.5));
    expect(ago(-4_000_000_000)).toBe(dateOf(now, -4_000_000_000));
    expect(minutesBefore(now + 0.5)(3)).toBe(dateOf(now + 0.5, 3));
  });
});
