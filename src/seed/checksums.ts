import { checksumOf } from './checksum';

/** Bump when the meaning of a data set's rows changes without the data changing, to make every run re-apply. */
const CURATED_FORMAT = 1;

/** The checksum the guard records for a hand-written data set. */
export function curatedChecksum(items: readonly unknown[]): string {
  // `postings` is the field's historical name: renaming it would make every existing database re-compare once.
  return checksumOf({ format: CURATED_FORMAT, postings: items });
}

/** The checksum of a generated data set depends only on what selects the rows: a no-op rerun generates none. */
export function generatedChecksum(count: number, variant: Record<string, string | number>): string {
  // No rows: nothing that selects them matters.
  if (count === 0) return checksumOf({ count });
  return checksumOf({ ...variant, count });
}
