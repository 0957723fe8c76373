import fc from 'fast-check';
import { fixedText, numeric } from '../../src/seed/table/columns';
import {
  floatText,
  jsonbText,
  jsonNumberText,
  textArrayText,
  timestamptzText,
} from '../../src/seed/table/pg-text';

// What PostgreSQL 15 printed for the same values (`value::text`, TimeZone UTC, extra_float_digits 1), recorded
// from psql; test/seed-set.test.ts compares the engine's hash with the server's over stored rows on both targets.
describe('PostgreSQL text output, computed in JavaScript', () => {
  test('float8 and float4: shortest digits, exponent outside the plain range', () => {
    expect(
      [1e15, 1e14, 0.0001, 0.00001, 123456789012345680, -0, Number.NaN, -Infinity].map((v) =>
        floatText(v, 64),
      ),
    ).toEqual([
      '1e+15',
      '100000000000000',
      '0.0001',
      '1e-05',
      '1.2345678901234568e+17',
      '-0',
      'NaN',
      '-Infinity',
    ]);
    expect([1.5, 1e6, 100000, 0.1, 16777217].map((v) => floatText(v, 32))).toEqual([
      '1.5',
      '1e+06',
      '100000',
      '0.1',
      '1.6777216e+07',
    ]);
  });

  test('jsonb: numbers without exponents, keys by length then bytes, its separators', () => {
    expect([1e-7, 1e21, 1.5e-7, -2.5e-3].map(jsonNumberText)).toEqual([
      '0.0000001',
      '1000000000000000000000',
      '0.00000015',
      '-0.0025',
    ]);
    expect(jsonbText({ bb: 1, a: [1, 2.5, { c: null }], é: 'x', skip: undefined })).toBe(
      '{"a": [1, 2.5, {"c": null}], "bb": 1, "é": "x"}',
    );
  });

  test('text[]: quoted only where array_out quotes', () => {
    expect(textArrayText(['a', '', 'NULL', 'x y', 'q"b', 'b\\s', null, '{', 'é'])).toBe(
      '{a,"","NULL","x y","q\\"b","b\\\\s",NULL,"{",é}',
    );
    expect(textArrayText([])).toBe('{}');
  });

  test('timestamptz in UTC, fractional seconds without trailing zeros', () => {
    expect(timestamptzText(new Date('2026-01-02T03:04:05.120+02:00'))).toBe('2026-01-02 01:04:05.12+00');
    expect(timestamptzText(new Date('0001-01-01T00:00:00Z'))).toBe('0001-01-01 00:00:00+00');
  });
});

test('numeric(p, s) hash text: a whole number written without toFixed, the same text as toFixed below 2^53', () => {
  const scale = fc.integer({ min: 0, max: 25 });
  const edges = fc.constantFrom(
    0,
    -0,
    1,
    -1,
    85000,
    -85000,
    999999999999999,
    1e15,
    -1e15,
    1e21,
    2 ** 53 + 2,
    0.5,
  );
  fc.assert(
    fc.property(
      fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }), edges),
      scale,
      (v, s) => Math.abs(v) >= 2 ** 53 || fixedText(v, s) === v.toFixed(s),
    ),
    { numRuns: 20_000 },
  );
});

test('numeric(p, s) hash text from 2^53: the digits of the number as String writes it, no exponent (test/seed-set.test.ts asks PostgreSQL)', () => {
  expect([2 ** 53 + 2, 1234567890123456800, 1e21, -1.5e22].map((v) => fixedText(v, 2))).toEqual([
    '9007199254740994.00',
    '1234567890123456800.00',
    '1000000000000000000000.00',
    '-15000000000000000000000.00',
  ]);
  fc.assert(
    fc.property(
      fc.double({ min: 2 ** 53, max: 1e300, noNaN: true }),
      fc.boolean(),
      fc.integer({ min: 0, max: 5 }),
      (magnitude, negative, s) => {
        const v = negative ? -magnitude : magnitude;
        const text = fixedText(v, s);
        return (
          !/e/i.test(text) &&
          Number(text) === v &&
          text.endsWith(s === 0 ? text.slice(-1) : `.${'0'.repeat(s)}`)
        );
      },
    ),
  );
});

test('numeric(p, s) takes at most s decimal places: PostgreSQL would round the rest another way than the hash', () => {
  const price = numeric(10, 2);
  for (const ok of [0, 1, -1, 100.5, 100.55, 0.1, 12345678.99, 99999999.99])
    expect([ok, price.check(ok)]).toEqual([ok, undefined]);
  for (const bad of [1.005, 0.1 + 0.2, 100.555, 1e-9])
    expect(price.check(bad)).toBe(
      'must be a number below 100000000 in absolute value with at most 2 decimal places',
    );
  expect(numeric(5, 0).check(1.5)).toMatch(/at most 0 decimal places/);
  expect(numeric(5, 0).check(2)).toBeUndefined();
});
