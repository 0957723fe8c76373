import { postingId } from '../data/posting-id';
import type { SeedPosting } from '../data/types';

/** A curated posting as the seed writes it: its id, and the defaults the database fills in. */
export interface ExportedPosting
  extends Omit<SeedPosting, 'status' | 'is_cancelled' | 'cancellation_reason'> {
  id: string;
  status: NonNullable<SeedPosting['status']>;
  is_cancelled: boolean;
  cancellation_reason: string | null;
}

/** The data set with the ids the seed gives each posting, for fixtures that must match the database. */
export function exportPostings(postings: readonly SeedPosting[]): ExportedPosting[] {
  return postings.map((p) => ({
    id: postingId(p.key),
    ...p,
    status: p.status ?? 'active',
    is_cancelled: p.is_cancelled ?? false,
    cancellation_reason: p.cancellation_reason ?? null,
  }));
}
