/** The tech stacks the issue and the original story name: every seeded database must have each of them. */
export const NAMED_STACKS = [
  'React',
  'Python',
  'TypeScript',
  'Go',
  'Rust',
  'Java',
  'PHP',
  'Node.js',
  'Playwright',
  '.NET',
  'Ruby',
  'Swift',
  'Kotlin',
] as const;
