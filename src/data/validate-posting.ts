import {
  EMPLOYMENT_TYPES,
  EXPERIENCE_LEVELS,
  POSTING_STATUSES,
  ROLE_CATEGORIES,
  WORK_SETUPS,
} from '../db/enums';
import { fitsScale } from '../seed/table/columns';
import type { SeedPosting } from './types';

/** Keys of the synthetic seed start with this; a hand-written posting must not take one of their ids. */
export const SYNTHETIC_KEY_PREFIX = 'synthetic-';
const MAX_SALARY = 9_999_999_999.99; // numeric(12,2)

/** Anything but white space: `\s` is the set `String#trim` removes, so this is `trim() !== ''` without a copy. */
const NOT_BLANK = /\S/;

function isBlank(value: unknown): boolean {
  if (typeof value !== 'string') return true;
  // A first character that is printable ASCII other than a space decides it without the regular expression
  // (every generated field starts so); a generated load checks five fields of a million postings.
  const first = value.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && !NOT_BLANK.test(value);
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function salaryProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number or null';
  if (value < 0) return 'must not be negative';
  if (value > MAX_SALARY) return 'is larger than numeric(12,2) holds';
  if (!fitsScale(value, 2)) return 'has more than 2 decimal places';
  return undefined;
}

/** Whether a value occurs twice: pairwise for a short list (no Set per posting), by a Set for a long one. */
function hasRepeat(values: readonly unknown[]): boolean {
  if (values.length > 16) return new Set(values).size !== values.length;
  for (let i = 1; i < values.length; i++)
    for (let j = 0; j < i; j++) if (values[i] === values[j]) return true;
  return false;
}

/** Every problem of one posting, each as `field: what is wrong` (empty when valid; the engine checks the key). */
export function postingProblems(p: SeedPosting): string[] {
  const problems: string[] = [];
  const bad = (field: string, message: string) => problems.push(`${field}: ${message}`);

  for (const field of ['title', 'company', 'description', 'location'] as const) {
    if (isBlank(p[field])) bad(field, 'must not be blank');
  }
  if (!isOneOf(ROLE_CATEGORIES, p.role_category))
    bad('role_category', `"${p.role_category}" is not a role category`);
  if (!isOneOf(EMPLOYMENT_TYPES, p.employment_type))
    bad('employment_type', `"${p.employment_type}" is not one of ${EMPLOYMENT_TYPES.join(', ')}`);
  if (!isOneOf(WORK_SETUPS, p.work_setup))
    bad('work_setup', `"${p.work_setup}" is not one of ${WORK_SETUPS.join(', ')}`);
  if (p.status !== undefined && !isOneOf(POSTING_STATUSES, p.status))
    bad('status', `"${p.status}" is not one of ${POSTING_STATUSES.join(', ')}`);
  if (!isOneOf(EXPERIENCE_LEVELS, p.experience_level))
    bad('experience_level', `"${p.experience_level}" is not one of ${EXPERIENCE_LEVELS.join(', ')}`);
  if (p.tech_stack !== null && (isBlank(p.tech_stack) || p.tech_stack.length > 100))
    bad('tech_stack', 'must be null or 1-100 characters');

  const minProblem = salaryProblem(p.salary_min);
  const maxProblem = salaryProblem(p.salary_max);
  if (minProblem) bad('salary_min', minProblem);
  if (maxProblem) bad('salary_max', maxProblem);
  if ((p.salary_min === null) !== (p.salary_max === null))
    bad('salary_max', 'give both salary_min and salary_max, or neither');
  if (
    !minProblem &&
    !maxProblem &&
    p.salary_min !== null &&
    p.salary_max !== null &&
    p.salary_min > p.salary_max
  )
    bad('salary_min', `${p.salary_min} is greater than salary_max ${p.salary_max}`);
  if (typeof p.salary_currency !== 'string' || !/^[A-Z]{3}$/.test(p.salary_currency))
    bad('salary_currency', `"${p.salary_currency}" is not an upper-case ISO 4217 code`);

  if (!Array.isArray(p.required_skills) || p.required_skills.length === 0) {
    bad('required_skills', 'must be a non-empty array of skills');
  } else {
    if (p.required_skills.some(isBlank)) bad('required_skills', 'must not contain blank skills');
    if (hasRepeat(p.required_skills)) bad('required_skills', 'lists a skill twice');
    if (p.tech_stack && !p.required_skills.includes(p.tech_stack))
      bad('required_skills', `must include the tech stack "${p.tech_stack}"`);
  }
  if (p.is_cancelled !== undefined && typeof p.is_cancelled !== 'boolean')
    bad('is_cancelled', 'must be true or false');
  if (p.cancellation_reason != null && isBlank(p.cancellation_reason))
    bad('cancellation_reason', 'must be null or text');
  return problems;
}

/**
 * Problems across the curated postings: a key the synthetic postings use, and two postings a reader could not
 * tell apart (same title, company and location).
 */
export function postingSetProblems(postings: readonly SeedPosting[]): string[] {
  const problems: string[] = [];
  const identities = new Map<string, string>();
  postings.forEach((p, index) => {
    const name = typeof p.key === 'string' && p.key ? p.key : `#${index}`;
    if (typeof p.key === 'string' && p.key.startsWith(SYNTHETIC_KEY_PREFIX))
      problems.push(`${name}.key: "${SYNTHETIC_KEY_PREFIX}" keys belong to the synthetic postings`);
    const identity = `${p.title}|${p.company}|${p.location}`.toLowerCase();
    const twin = identities.get(identity);
    if (twin !== undefined) problems.push(`${name}: same title, company and location as ${twin}`);
    else identities.set(identity, name);
  });
  return problems;
}
