import fc from 'fast-check';
import { fixedText, numeric, real } from '../../src/seed/table/columns';
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

test('numeric(p, s) hash text: the same as toFixed where toFixed writes the shortest digits (test/seed-set.test.ts asks PostgreSQL for the rest)', () => {
  const edges = fc.constantFrom(0, -0, 1, -1, 85000, -85000, 999999999999999, 1e15, -1e15, 0.5, 100.55, 0.1);
  fc.assert(
    fc.property(
      fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ min: -1e9, max: 1e9, noNaN: true }), edges),
      fc.integer({ min: 0, max: 8 }),
      (v, s) => {
        // toFixed is exact only where the value has at most s decimal places in its shortest form and few digits.
        const shortest = String(v);
        const places = shortest.includes('.') ? shortest.split('.')[1].length : 0;
        if (/e/.test(shortest) || places > s || shortest.replace(/\D/g, '').length + s > 15) return true;
        return fixedText(v, s) === (Object.is(v, -0) ? 0 : v).toFixed(s);
      },
    ),
    { numRuns: 20_000 },
  );
});

test('numeric(p, s) hash text: shortest digits rounded half away from zero, never an exponent nor a negative zero', () => {
  expect(
    [
      [2 ** 53 + 2, 2],
      [1234567890123456800, 2],
      [1e21, 2],
      [-1.5e22, 0],
      [0.1, 18],
      [1234567890.1, 8],
      [0.005, 2],
      [-0.005, 2],
      [9.995, 2],
      [-0.004, 2],
      [1e-7, 10],
      [5e-324, 3],
    ].map(([v, s]) => fixedText(v, s)),
  ).toEqual([
    '9007199254740994.00',
    '1234567890123456800.00',
    '1000000000000000000000.00',
    '-15000000000000000000000',
    '0.100000000000000000',
    '1234567890.10000000',
    '0.01',
    '-0.01',
    '10.00',
    '0.00',
    '0.0000001000',
    '0.000',
  ]);
  fc.assert(
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: 0, max: 30 }),
      (v, s) => {
        const text = fixedText(v, s);
        const [, fraction = ''] = text.split('.');
        return !/e/i.test(text) && fraction.length === s && !/^-0(\.0*)?$/.test(text);
      },
    ),
    { numRuns: 5_000 },
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

test('real: a finite number past its range is refused before any write (PostgreSQL would say overflow)', () => {
  const column = real();
  for (const ok of [
    3.4028234663852886e38,
    -3.4028234663852886e38,
    Number.POSITIVE_INFINITY,
    Number.NaN,
    1e-50,
    0,
  ])
    expect([ok, column.check(ok)]).toEqual([ok, undefined]);
  for (const bad of [3.4028236e38, -1e39, Number.MAX_VALUE])
    expect(column.check(bad)).toBe(
      'must be a number a real holds (at most 3.4028235e38 in absolute value, or Infinity or NaN)',
    );
});
