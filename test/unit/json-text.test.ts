import { csvJsonbTextArray, jsonbTextArray, jsonString } from '../../src/seed/table/columns';

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

  test('csvJsonbTextArray is that text as one quoted CSV field', () => {
    for (const values of [[], ['React'], TRICKY]) {
      const field = csvJsonbTextArray(values);
      expect(field.startsWith('"') && field.endsWith('"')).toBe(true);
      expect(field.slice(1, -1).replace(/""/g, '"')).toBe(jsonbTextArray(values));
    }
  });
});
