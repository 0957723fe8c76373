import { plural } from '../seed/summary';
import type { SeedPosting } from './types';

function uniqueSorted(values: Iterable<string | null>): string[] {
  return [...new Set([...values].filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));
}

/** The story's first-run lines: how many postings across how many stacks, then the categories and stacks. */
export function postingsFirstRunSummary(postings: readonly SeedPosting[], created: number): string[] {
  const stacks = uniqueSorted(postings.map((p) => p.tech_stack));
  return [
    `✓ Created ${plural(created, 'job posting')} across ${plural(stacks.length, 'tech stack')}`,
    `✓ Role categories: ${uniqueSorted(postings.map((p) => p.role_category)).join(', ')}`,
    `✓ Tech stacks: ${stacks.join(', ')}`,
  ];
}
