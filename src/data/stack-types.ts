// The shape of a tech stack entry, apart from the lists (language-stacks.ts, tool-stacks.ts) so that they and
// tech-stacks.ts, which joins them, do not import each other.

import type { RoleCategory } from '../db/enums';

/** The titles and companion skills of a tech stack in one role category. */
export interface StackRole {
  /** Title stems without the level ("Go Engineer", "Data Engineer (dbt)"); the level is prefixed when used. */
  readonly titles: readonly string[];
  /** Skills that go with the stack in this kind of role (never the stack itself). */
  readonly skills: readonly string[];
  /** Skills every posting with the stack lists right after it (React -> JavaScript, .NET -> C#); default none. */
  readonly core?: readonly string[];
}

/** A primary technology: the `tech_stack` value and the role categories it fits. */
export interface TechStack {
  /** The `tech_stack` value, verbatim. */
  readonly name: string;
  /** The role categories the stack fits; a category missing here never gets this stack. */
  readonly roles: Readonly<Partial<Record<RoleCategory, StackRole>>>;
}
