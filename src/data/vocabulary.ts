// The vocabulary both data sets are built from: where postings are, what they pay, which technologies they
// use and what the roles are called. The curated postings are checked against it by tests; the synthetic
// generator draws from it. Each concern lives in its own module; this barrel re-exports them.

export type { CategoryProfile } from './category-profiles';
export { CATEGORY_PROFILES, DEFAULT_LEVEL_PREFIXES } from './category-profiles';
export type { Currency, Location } from './locations';
export { CURRENCIES, LOCATIONS, locationOf } from './locations';
export type { Band } from './salary-bands';
export { CATEGORY_PAY_PERCENT, SALARY_BANDS, SALARY_STEP, salaryBand } from './salary-bands';
export type { StackRole, TechStack } from './tech-stacks';
export { NON_TECHNICAL_CATEGORIES, TECH_STACKS, techStackOf } from './tech-stacks';
