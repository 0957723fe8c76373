// Column kinds (`text()`, `integer()`, `numeric()`, `jsonb()`, `ref(table)`, ...): how one value is checked, sent
// as a COPY field or a bind value, and read by the content hash; the COPY and JSON text they are made of.

import { floatText, jsonbText, jsonNumberText, jsonProblem, textArrayText, timestamptzText } from './pg-text';

/** COPY's text for a null field. */
export const COPY_NULL = '\\N';

/** The characters COPY's text format escapes in a field, and their escapes. */
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const COPY_SPECIALS = /[\\\n\r\t]/g;

/**
 * A string as one field of COPY's text format: backslash, newline, carriage return and tab escaped, everything
 * else as it is (a field with none of them, nearly every one, is the string itself). Four `includes` find none
 * five times faster than one regular expression over a description's 300 characters.
 */
export function copyText(value: string): string {
  const special =
    value.includes('\\') || value.includes('\n') || value.includes('\t') || value.includes('\r');
  return special ? value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : value;
}

/**
 * One field of COPY's text format (fields between tabs, a row a line): null is `\N`. The text format, not CSV:
 * the server reads it about a tenth faster (no quotes to find, the JSON's `"` left as they are), measured on the
 * same rows in docs/benchmarks.md.
 */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return copyText(value);
}

/** What the content hash puts in place of null, and between fields (chr 2 and chr 31: never in real text). */
export const HASH_NULL = '\x02';
export const HASH_SEPARATOR = '\x1f';

/**
 * How the engine writes, hashes and checks one column: as a field of COPY's text format, as a bind value for
 * knex, and as the text the content hash takes of it, which equals what PostgreSQL prints for the stored value
 * (`col::text`, after `cast` when there is one), so "did the app edit this row?" is one comparison in the
 * database.
 */
export interface Column {
  /** The kind's name as the docs and errors write it: `integer`, `numeric(12,2)`, `ref(companies)`. */
  readonly kind: string;
  /**
   * The column types the kind writes, as `format_type(atttypid, NULL)` names them (`enum`: any enum type whose
   * labels include {@link values}): what the live table's column must be.
   */
  readonly sqlTypes: readonly string[];
  /** An enum kind's values: every item's value is one of them, and so is every label the table needs. */
  readonly values?: readonly string[];
  /** A `ref` kind's referenced table: the item holds one of its keys, the row its id. */
  readonly references?: SeedTableLike;
  /** The SQL cast the hash applies before `::text` (e.g. `numeric(12,2)`, so 1 and 1.00 hash alike). */
  readonly cast?: string;
  /**
   * What the kind needs of the column's declared size, given the type as `format_type(atttypid, atttypmod)`
   * writes it (`numeric(12,2)`, `timestamp(0) with time zone`, `character varying(100)`): what is wrong, or
   * undefined. A size that would round or cut a valid value stores another value than the hash names.
   */
  declared?(type: string): string | undefined;
  /** Used when an item leaves the field undefined (lifecycle columns: the value a new row starts with). */
  readonly fallback: unknown;
  /** What is wrong with a value that is not null (`must be a whole number`), or undefined. */
  check(value: unknown): string | undefined;
  /** The value as one field of COPY's text format ({@link copyField}). */
  copy(value: unknown): string;
  bind(value: unknown): unknown;
  hashText(value: unknown): string;
  /**
   * The hash text of a valid value, sent as a COPY field (escaped), stores the value {@link copy} stores: it is
   * what PostgreSQL prints for it, and PostgreSQL's output of a value is its input. True for every kind here; a
   * kind written by hand that leaves it out is written from {@link copy} (src/seed/plan/new-rows.ts).
   */
  readonly hashTextIsInput?: boolean;
  /**
   * The hash drops a value's trailing spaces, as a char(n) column prints it (`::text`): only the char kind. Any
   * other kind's value ending in spaces is not stored as given in a char(n) column (src/seed/validate.ts).
   */
  readonly dropsTrailingSpaces?: boolean;
}

/** What a `ref` needs of the referenced table description (src/seed/table/description.ts). */
export interface SeedTableLike {
  readonly table: string;
  idOf(key: string): string;
}

const isNull = (v: unknown) => v === null || v === undefined;
const plain = (value: unknown) => (isNull(value) ? HASH_NULL : String(value));
/** A codec that maps a non-null value through `f` (null stays null, or HASH_NULL for the hash). */
const nonNull =
  <T>(f: (v: never) => T, none: T) =>
  (v: unknown): T =>
    isNull(v) ? none : f(v as never);

const TEXT_TYPES = ['text', 'character varying', 'character', 'enum'];

function column(
  kind: string,
  sqlTypes: readonly string[],
  fallback: unknown,
  parts: Partial<Column>,
): Column {
  return {
    kind,
    sqlTypes,
    fallback,
    check: () => undefined,
    copy: copyField as (value: unknown) => string,
    bind: (v) => v ?? null,
    hashText: plain,
    hashTextIsInput: true,
    ...parts,
  };
}

const mustBe = (what: string, ok: boolean) => (ok ? undefined : `must be ${what}`);
const isString = (v: unknown): v is string => typeof v === 'string';
/** Whether `v` has at most `max` characters (code points): no array of them when its UTF-16 length says so. */
export const fitsIn = (v: string, max: number) => v.length <= max || [...v].length <= max;

/** text, varchar, char or an enum type, any length; `fallback` for an item that leaves the field out. */
export const text = (fallback: string | null = null): Column =>
  column('text', TEXT_TYPES, fallback, { check: (v) => mustBe('a string', isString(v)) });

/** varchar(length): a string of at most `length` characters. */
export const varchar = (length: number, fallback: string | null = null): Column =>
  column(`varchar(${length})`, TEXT_TYPES, fallback, {
    check: (v) => mustBe(`a string of at most ${length} characters`, isString(v) && fitsIn(v, length)),
    declared: (type) => holdsLength(type, length),
  });

/** A varchar(n) or char(n) column holds every string of `length` characters (PostgreSQL cuts trailing spaces). */
function holdsLength(type: string, length: number): string | undefined {
  const declared = /^character(?: varying)?\((\d+)\)$/.exec(type);
  if (declared && Number(declared[1]) < length) return `the seed file allows ${length} characters`;
  return undefined;
}

/** char(length): PostgreSQL pads it with spaces and prints it without them, so the hash drops them too. */
export const char = (length: number, fallback: string | null = null): Column =>
  column(`char(${length})`, ['character'], fallback, {
    check: (v) => mustBe(`a string of at most ${length} characters`, isString(v) && fitsIn(v, length)),
    declared: (type) => holdsLength(type, length),
    hashText: nonNull((v: string) => v.replace(/ +$/, ''), HASH_NULL),
    dropsTrailingSpaces: true,
  });

/**
 * One of `values`: text/varchar (e.g. knex's `t.enu(...)`, a CHECK) or a native enum type holding every value.
 * Pass the `as const` array the app's types use, so the validator and the types share one source.
 */
export const enumeration = <const V extends readonly string[]>(
  values: V,
  fallback: V[number] | null = null,
) =>
  column(`enum(${values.join(', ')})`, TEXT_TYPES, fallback, {
    values,
    check: (v) => mustBe(`one of ${values.join(', ')}`, values.includes(v as string)),
  });

/** A boolean column; `fallback` for an item that leaves the field out. */
export const boolean = (fallback: boolean | null = null): Column =>
  column('boolean', ['boolean'], fallback, { check: (v) => mustBe('true or false', typeof v === 'boolean') });

const INT4 = 2 ** 31;

/** integer (int4): a whole number from -2147483648 to 2147483647. */
export const integer = (fallback: number | null = null): Column =>
  column('integer', ['integer', 'smallint'], fallback, {
    check: (v) =>
      mustBe('a whole number of 32 bits', Number.isInteger(v) && Math.abs((v as number) + 0.5) < INT4),
  });

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const asBigInt = (v: unknown) => BigInt(v as number | bigint | string);

/** bigint (int8): a safe integer, a bigint, or a string of digits (ids beyond 2^53); bound as a string. */
export const bigint = (fallback: number | bigint | string | null = null): Column =>
  column('bigint', ['bigint', 'integer'], fallback, {
    check: (v) => {
      const ok =
        (typeof v === 'number' && Number.isSafeInteger(v)) ||
        typeof v === 'bigint' ||
        (typeof v === 'string' && /^-?\d{1,19}$/.test(v));
      return mustBe('a whole number of 64 bits', ok && asBigInt(v) >= INT8_MIN && asBigInt(v) <= INT8_MAX);
    },
    copy: nonNull((v) => String(asBigInt(v)), COPY_NULL),
    bind: nonNull((v) => String(asBigInt(v)), null),
    hashText: nonNull((v) => String(asBigInt(v)), HASH_NULL),
  });

/**
 * numeric(precision, scale): hashed as PostgreSQL prints it at that scale (1 as `1.00`). Without arguments, an
 * unconstrained numeric: hashed as it prints the number's shortest digits (`0.1`, `1e21` as 22 digits).
 */
export function numeric(precision?: number, scale = 0): Column {
  if (precision === undefined) {
    return column('numeric', ['numeric'], null, {
      check: (v) => mustBe('a finite number', Number.isFinite(v)),
      // A numeric(p, s) column rounds to its scale and pads: 1 is stored as 1.00.
      declared: (type) =>
        type === 'numeric'
          ? undefined
          : 'the seed file describes it as numeric (unconstrained), and a scale rounds and pads values (1 is stored as 1.00): describe it as numeric(p, s)',
      copy: nonNull((v: number) => jsonNumberText(v), COPY_NULL),
      bind: nonNull((v: number) => jsonNumberText(v), null),
      hashText: nonNull((v: number) => jsonNumberText(v), HASH_NULL),
    });
  }
  const limit = 10 ** (precision - scale);
  // Below the limit once rounded to the scale (no string per value: a generated load checks millions).
  const below = limit - 10 ** -scale / 2;
  return column(`numeric(${precision},${scale})`, ['numeric'], null, {
    cast: `numeric(${precision},${scale})`,
    // Exactly: a smaller scale rounds the item's value; a larger one, or none, keeps an app edit the hash's cast
    // rounds away (1.001 hashed as 1.00) or a value it cannot cast (numeric field overflow).
    declared: (type) =>
      type === `numeric(${precision},${scale})`
        ? undefined
        : `the seed file describes it as numeric(${precision},${scale}), the precision and scale the hash reads it at`,
    check: (v) =>
      mustBe(
        `a number below ${limit} in absolute value with at most ${scale} decimal places`,
        Number.isFinite(v) && Math.abs(v as number) < below && fitsScale(v as number, scale),
      ),
    hashText: (v) => (isNull(v) ? HASH_NULL : fixedText(v as number, scale)),
  });
}

/**
 * Whether a number has at most `scale` decimal places, compared with the value rounded to them (`value * 10 **
 * scale` is not exact in binary: 10.05 * 100 = 1004.9999999999999); a whole number without the call. More places
 * PostgreSQL would round away (1.005 to 1.01): the table would not hold the item's value.
 */
export function fitsScale(value: number, scale: number): boolean {
  return Number.isInteger(value) || Number(value.toFixed(scale)) === value;
}

/** "", "0", "00", ...: the fraction of a whole number at scales up to 20. */
const ZEROS: readonly string[] = Array.from({ length: 21 }, (_, n) => '0'.repeat(n));

/** Below this a whole number prints as its digits (`String` writes them all). */
const PLAIN_INTEGER_LIMIT = 1e15;

/**
 * What PostgreSQL prints for a number as numeric(p, scale), given either text a JavaScript number is sent as
 * (`String(value)` bound by knex, or this text COPYed): the digits of its shortest form (`String`, without an
 * exponent), rounded to `scale` places half away from zero as numeric rounds, then padded with zeros. Not
 * `toFixed`: it writes the double's exact binary value (`0.1.toFixed(18)` is `0.100000000000000006` where
 * PostgreSQL stores `0.100000000000000000`; from 1e21 it writes an exponent). A whole number below 1e15 is written
 * without either (a generated load hashes two salaries a posting).
 */
export function fixedText(value: number, scale: number): string {
  const zeros = ZEROS[scale] ?? '0'.repeat(scale);
  if (Number.isInteger(value) && Math.abs(value) < PLAIN_INTEGER_LIMIT) {
    const digits = String(value); // -0 prints as 0, as numeric does
    return scale === 0 ? digits : `${digits}.${zeros}`;
  }
  const text = jsonNumberText(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = whole + (fraction + zeros).slice(0, scale);
  if (fraction.length > scale && fraction.charCodeAt(scale) >= 0x35 /* 5 */) digits = incremented(digits);
  const rounded = scale === 0 ? digits : `${digits.slice(0, -scale) || '0'}.${digits.slice(-scale)}`;
  // numeric has no negative zero: -0.001 at scale 2 prints 0.00.
  return negative && /[1-9]/.test(digits) ? `-${rounded}` : rounded;
}

/** A string of decimal digits plus one (`0999` -> `1000`, `99` -> `100`). */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return (
    digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1)
  );
}

function float(bits: 32 | 64, fallback: number | null): Column {
  return column(bits === 32 ? 'real' : 'double', [bits === 32 ? 'real' : 'double precision'], fallback, {
    check: (v) =>
      bits === 64
        ? mustBe('a number', typeof v === 'number')
        : // A finite number past a real's range rounds to infinity in 32 bits: PostgreSQL refuses it (overflow).
          mustBe(
            'a number a real holds (at most 3.4028235e38 in absolute value, or Infinity or NaN)',
            typeof v === 'number' && (!Number.isFinite(v) || Number.isFinite(Math.fround(v))),
          ),
    // Written as the hash reads it: a real's text is the shortest that reads back as the value rounded to 32
    // bits, so PostgreSQL stores that value, the one the hash names. (The 64-bit digits mostly round to it too,
    // but at a tie between two reals, 1 + 2^-24, they lie above or below it: `1.0000000596046448` is 1.0000001.)
    // -0 is written and hashed as 0: the plan compares columns with `=`, where -0 = 0, so a change from 0 to -0
    // would leave 0 in the table under the hash of -0.
    copy: nonNull((v: number) => floatText(v + 0, bits), COPY_NULL),
    bind: nonNull((v: number) => floatText(v + 0, bits), null),
    hashText: nonNull((v: number) => floatText(v + 0, bits), HASH_NULL),
  });
}

/** real (float4): hashed as PostgreSQL prints the value rounded to 32 bits. */
export const real = (fallback: number | null = null): Column => float(32, fallback);

/** double precision (float8). */
export const double = (fallback: number | null = null): Column => float(64, fallback);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` (years 0001-9999): the same text PostgreSQL prints with DateStyle ISO. */
export const date = (fallback: string | null = null): Column =>
  column('date', ['date'], fallback, {
    check: (v) => {
      const m = isString(v) ? DATE.exec(v) : null;
      const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
      const at = new Date(Date.UTC(2000, month - 1, day));
      at.setUTCFullYear(year); // years below 100 too
      const real = year >= 1 && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
      return mustBe('a date written YYYY-MM-DD', real);
    },
  });

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const asDate = (v: unknown) => (v instanceof Date ? v : new Date(v as string));

/**
 * timestamptz: a Date, or an ISO 8601 string with its offset (`2026-01-02T03:04:05.120+02:00`, milliseconds at
 * most); hashed as PostgreSQL prints it in UTC (the engine's session sets TimeZone to UTC).
 */
export const timestamptz = (fallback: Date | string | null = null): Column =>
  column('timestamptz', ['timestamp with time zone'], fallback, {
    // Items are milliseconds: a column of fewer fractional digits rounds them.
    declared: (type) => {
      const digits = /^timestamp\((\d)\) with time zone$/.exec(type)?.[1];
      return digits !== undefined && Number(digits) < 3
        ? `the seed file writes milliseconds, which ${digits} fractional digits of a second round`
        : undefined;
    },
    check: (v) => {
      const written = v instanceof Date || (isString(v) && TIMESTAMP.test(v));
      const year = written ? asDate(v).getUTCFullYear() : 0;
      return mustBe('a Date or an ISO 8601 time with its offset, in years 1-9999', year >= 1 && year <= 9999);
    },
    copy: nonNull((v) => asDate(v).toISOString(), COPY_NULL),
    bind: nonNull((v) => asDate(v).toISOString(), null),
    hashText: nonNull((v) => timestamptzText(asDate(v)), HASH_NULL),
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** uuid, written 8-4-4-4-12; PostgreSQL prints it in lower case. */
export const uuid = (fallback: string | null = null): Column =>
  column('uuid', ['uuid'], fallback, {
    check: (v) => mustBe('a UUID (8-4-4-4-12 hex digits)', isString(v) && UUID.test(v)),
    hashText: nonNull((v: string) => v.toLowerCase(), HASH_NULL),
  });

/** jsonb of any JSON value (null means SQL NULL); hashed as jsonb prints it (keys reordered, numbers plain). */
export const jsonb = (fallback: unknown = null): Column =>
  column('jsonb', ['jsonb'], fallback, {
    check: (v) => jsonProblem(v)?.replace(/^/, 'must be JSON: '),
    copy: nonNull((v) => copyText(JSON.stringify(v)), COPY_NULL),
    bind: nonNull((v) => JSON.stringify(v), null),
    hashText: nonNull((v) => jsonbText(v), HASH_NULL),
  });

/** jsonb holding an array of strings: hashed as jsonb prints it (`["a", "b"]`); bound as JSON text for `pg`. */
export const jsonbStrings = (): Column =>
  column('jsonb', ['jsonb'], null, {
    check: (v) => mustBe('an array of strings', Array.isArray(v) && v.every(isString)),
    copy: (v) => (isNull(v) ? COPY_NULL : copyJsonbTextArray(v as string[])),
    bind: (v) => (isNull(v) ? null : JSON.stringify(v)),
    hashText: (v) => (isNull(v) ? HASH_NULL : jsonbTextArray(v as string[])),
  });

/** text[]: an array of strings (or nulls); hashed as PostgreSQL prints it (`{a,"b c",NULL}`). */
export const textArray = (fallback: readonly (string | null)[] | null = null): Column =>
  column('text[]', ['text[]', 'character varying[]'], fallback, {
    check: (v) =>
      mustBe('an array of strings', Array.isArray(v) && v.every((e) => e === null || isString(e))),
    copy: nonNull((v: string[]) => copyText(textArrayText(v, true)), COPY_NULL),
    bind: nonNull((v: string[]) => textArrayText(v, true), null),
    hashText: nonNull((v: string[]) => textArrayText(v), HASH_NULL),
  });

/**
 * A reference to a row of another seeded table by its key: the item holds the other item's key, the row the id
 * the other table's seed gives it (`uuidv5(key, idNamespace)`), so the foreign key is known without a query.
 * The run checks every key is in the referenced table's data set, and that its seed ran first.
 */
export const ref = (target: SeedTableLike): Column =>
  column(`ref(${target.table})`, ['uuid'], null, {
    references: target,
    check: (v) => mustBe(`a key of ${target.table}`, isString(v)),
    copy: nonNull((v: string) => target.idOf(v), COPY_NULL),
    bind: nonNull((v: string) => target.idOf(v), null),
    hashText: nonNull((v: string) => target.idOf(v), HASH_NULL),
  });

/**
 * JSON string literals of skills, memoised: a large load encodes the same few hundred skill names millions of
 * times (for the content hash and for COPY). Bounded, so arbitrary data cannot grow it without limit.
 */
const jsonCache = new Map<string, string>();
const MAX_ENTRIES = 10_000;

/** `JSON.stringify(value)` for a string, from the cache when seen before. */
export function jsonString(value: string): string {
  let literal = jsonCache.get(value);
  if (literal === undefined) {
    literal = JSON.stringify(value);
    if (jsonCache.size < MAX_ENTRIES) jsonCache.set(value, literal);
  }
  return literal;
}

/** jsonb's text output of an array of strings: `["a", "b"]`. */
export function jsonbTextArray(values: readonly string[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i++) text += (i === 0 ? '' : ', ') + jsonString(values[i]);
  return `${text}]`;
}

/**
 * {@link jsonbTextArray} as one field of COPY's text format: its backslashes doubled (the JSON text of strings holds
 * no raw tab, newline or carriage return), the rest as it is.
 */
export function copyJsonbTextArray(values: readonly string[]): string {
  return copyText(jsonbTextArray(values));
}
