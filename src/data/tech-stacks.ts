// Which technologies postings use: the tech stacks, the role categories they fit and their companion skills.

import type { RoleCategory } from '../db/enums';
import { ROLE_CATEGORIES } from '../db/enums';
import { CATEGORY_PROFILES } from './category-profiles';
import { LANGUAGE_STACKS } from './language-stacks';
import type { TechStack } from './stack-types';
import { TOOL_STACKS } from './tool-stacks';

export type { StackRole, TechStack } from './stack-types';

/**
 * Every tech stack a posting may name, with the categories it fits, title stems and companion skills. The
 * order is part of the synthetic generator's output (see `GENERATOR_VERSION`).
 */
export const TECH_STACKS: readonly TechStack[] = [...LANGUAGE_STACKS, ...TOOL_STACKS];

const STACK_BY_NAME: ReadonlyMap<string, TechStack> = new Map(TECH_STACKS.map((s) => [s.name, s]));

/** The tech stack with this name, or undefined when the vocabulary does not know it. */
export function techStackOf(name: string): TechStack | undefined {
  return STACK_BY_NAME.get(name);
}

/** Categories whose postings never carry a tech stack. */
export const NON_TECHNICAL_CATEGORIES: readonly RoleCategory[] = ROLE_CATEGORIES.filter(
  (c) => CATEGORY_PROFILES[c].stackShare === 0 && !TECH_STACKS.some((s) => s.roles[c]),
);
