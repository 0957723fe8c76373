/**
 * JSON string literals of skills, memoised: a large load encodes the same few hundred skill names millions of
 * times (for the content hash and for COPY). Bounded, so arbitrary data cannot grow it without limit.
 */
const cache = new Map<string, string>();
const MAX_ENTRIES = 10_000;

/** `JSON.stringify(value)` for a string, from the cache when seen before. */
export function jsonString(value: string): string {
  let literal = cache.get(value);
  if (literal === undefined) {
    literal = JSON.stringify(value);
    if (cache.size < MAX_ENTRIES) cache.set(value, literal);
  }
  return literal;
}

/** jsonb's text output of an array of strings: `["a", "b"]`. */
export function jsonbTextArray(values: readonly string[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i++) text += (i === 0 ? '' : ', ') + jsonString(values[i]);
  return `${text}]`;
}

const csvCache = new Map<string, string>();

/** {@link jsonbTextArray} as one quoted CSV field (every `"` doubled), built from memoised pieces. */
export function csvJsonbTextArray(values: readonly string[]): string {
  let text = '"[';
  for (let i = 0; i < values.length; i++) {
    let literal = csvCache.get(values[i]);
    if (literal === undefined) {
      literal = jsonString(values[i]).replace(/"/g, '""');
      if (csvCache.size < MAX_ENTRIES) csvCache.set(values[i], literal);
    }
    text += (i === 0 ? '' : ', ') + literal;
  }
  return `${text}]"`;
}
