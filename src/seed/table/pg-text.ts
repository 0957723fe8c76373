// What PostgreSQL prints for a value (`value::text`, the text the content hash reads in SQL), computed in
// JavaScript: floats, timestamps, arrays and jsonb, each as its output function writes it. Every transaction that
// hashes rows in SQL fixes the settings these depend on first ({@link PRINT_SETTINGS_SQL}).

import type { Knex } from 'knex';

/**
 * What `value::text` prints depends on these, whatever the server's, database's or role's defaults: timestamps in
 * UTC, dates in ISO order, floats in their shortest exact digits. For the transaction only.
 */
export const PRINT_SETTINGS_SQL = `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
         set_config('extra_float_digits', '1', true)`;

/** Fixes {@link PRINT_SETTINGS_SQL} for `trx`: before anything in it hashes a row in SQL. */
export async function fixPrintSettings(trx: Knex.Transaction): Promise<void> {
  await trx.raw(PRINT_SETTINGS_SQL);
}

/**
 * float8 (`double precision`) or float4 (`real`) as PostgreSQL 12+ prints it: the shortest digits that read
 * back as the same value (JavaScript's too), in plain notation for decimal exponents from -4 up to 14 (float4:
 * 5), else in exponent notation with at least two exponent digits (`1e+15`, `1e-05`).
 */
export function floatText(value: number, bits: 32 | 64): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const digits = bits === 64 ? value.toExponential() : shortestFloat4(value);
  // "d.ddde+x": the significant digits and the decimal exponent.
  const [mantissa, exp] = digits.split('e');
  const exponent = Number(exp);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const significant = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < -4 || exponent >= (bits === 64 ? 15 : 6)) {
    const e = Math.abs(exponent);
    const head = significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return sign + placeDecimalPoint(significant, exponent);
}

/** The shortest `toExponential` form that reads back as the same float4 (the closest such one: toPrecision rounds). */
function shortestFloat4(value: number): string {
  const f = Math.fround(value);
  for (let precision = 1; precision < 9; precision++) {
    const text = f.toExponential(precision - 1);
    if (Math.fround(Number(text)) === f) return text;
  }
  return f.toExponential(8);
}

/** Digits `d1d2...` with the decimal point after the first digit moved by `exponent`, in plain notation. */
function placeDecimalPoint(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return digits + '0'.repeat(exponent + 1 - digits.length);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * A JavaScript number as jsonb prints it: jsonb keeps numbers as `numeric`, whose output never uses exponent
 * notation (`1e+21` prints as `1000000000000000000000`, `1.5e-7` as `0.00000015`).
 */
export function jsonNumberText(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [whole, fraction = ''] = text.slice(sign.length, e).split('.');
  return sign + placeDecimalPoint(whole + fraction, Number(text.slice(e + 1)) + whole.length - 1);
}

/** Whether a value is JSON (plain objects, arrays, strings, finite numbers, booleans, null), and where not. */
export function jsonProblem(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : `${path || 'value'} is not finite`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const problem = jsonProblem(v, `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${path || 'value'} is not JSON (${typeof value})`;
}

/** Object keys in jsonb's order: shorter first, then by their UTF-8 bytes. */
function jsonbKeyOrder(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

/** A JSON value as jsonb prints it (`{"a": [1, 2], "bb": null}`): keys reordered, `, ` and `: ` between. */
export function jsonbText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return jsonNumberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => jsonbKeyOrder(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(', ')}}`;
}

/**
 * An element of a text[] literal: quoted (with `"` and `\` escaped) unless plain, as array_out writes it. Its
 * white space is ASCII's alone (array_isspace: space, \t, \n, \v, \f, \r), not JavaScript's `\s`, which has
 * U+00A0, U+3000, U+FEFF and more.
 */
function arrayElement(value: string | null, quoteAll: boolean): string {
  if (value === null) return 'NULL';
  const plain =
    !quoteAll && value !== '' && !/["\\{}, \t\n\v\f\r]/.test(value) && value.toUpperCase() !== 'NULL';
  return plain ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** text[] as PostgreSQL prints it (`{a,"b c",NULL}`); `quoteAll` writes the input literal the seed sends. */
export function textArrayText(values: readonly (string | null)[], quoteAll = false): string {
  return `{${values.map((v) => arrayElement(v, quoteAll)).join(',')}}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A timestamptz as PostgreSQL prints it in UTC with DateStyle ISO: `2026-01-02 01:04:05.12+00` (fractional
 * seconds only when not zero, trailing zeros dropped).
 */
export function timestamptzText(at: Date): string {
  const ms = at.getUTCMilliseconds();
  const fraction = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  return (
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${fraction}+00`
  );
}
