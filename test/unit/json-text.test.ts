import { copyJsonbTextArray, copyText, jsonbTextArray, jsonString } from '../../src/seed/table/columns';

const TRICKY = ['React', 'C# "sharp"', 'back\\slash', 'tab\there', 'ünïcödé', 'line\nbreak', ''];

describe('json-text', () => {
  test('jsonString is JSON.stringify, also when memoised', () => {
    for (const v of [...TRICKY, ...TRICKY]) expect(jsonString(v)).toBe(JSON.stringify(v));
  });

  test('jsonbTextArray prints arrays as jsonb does: ", " between elements', () => {
    expect(jsonbTextArray([])).toBe('[]');
    expect(jsonbTextArray(['React', 'Node.js'])).toBe('["React", "Node.js"]');
    expect(JSON.parse(jsonbTextArray(TRICKY))).toEqual(TRICKY);
  });

  test('copyJsonbTextArray is that text as one field of COPY text: backslashes doubled, nothing else', () => {
    for (const values of [[], ['React'], TRICKY, TRICKY]) {
      const field = copyJsonbTextArray(values);
      expect(field).toBe(jsonbTextArray(values).replace(/\\/g, '\\\\'));
      expect(field).not.toMatch(/[\t\n\r]/);
    }
  });

  test('copyText escapes what COPY text reads specially, and returns any other string as it is', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText('plain "quoted", comma')).toBe('plain "quoted", comma');
    expect(copyText('')).toBe('');
  });
});
