// What the generator would otherwise work out for every row, worked out once at module load: every title a
// title choice can carry (level prefix + stem) with its article, and the skills each stacked posting starts
// with. The tables keep the weights of PLANS and of each plan's choices, so drawing from them makes the same
// draws, in the same order, as drawing from distributions.ts.

import { article } from './descriptions';
import type { CategoryPlan, TitleChoice } from './distributions';
import { PLANS } from './distributions';
import type { Weighted } from './random';

/** A title choice with its titles spelled out. */
export interface RowChoice {
  readonly choice: TitleChoice;
  /** Per level index, per prefix index of the plan: the title ("Senior React Developer"). */
  readonly titles: readonly (readonly string[])[];
  /** The article of each title ("a", "an"), same indices. */
  readonly articles: readonly (readonly string[])[];
  /** The skills every posting with this choice lists first: the stack and its core skills; empty without. */
  readonly lead: readonly string[];
}

/** A category plan whose choices are {@link RowChoice}s, drawn with the plan's own weights. */
export interface RowPlan {
  readonly plan: CategoryPlan;
  readonly stacks: Weighted<RowChoice> | null;
  readonly plain: Weighted<RowChoice>;
}

function rowChoice(plan: CategoryPlan, choice: TitleChoice): RowChoice {
  const titles = plan.prefixes.map((prefixes) => prefixes.map((prefix) => prefix + choice.stem));
  return {
    choice,
    titles,
    articles: titles.map((forLevel) => forLevel.map(article)),
    lead: choice.stack === null ? [] : [choice.stack, ...choice.core],
  };
}

/** The same table with each item mapped: same running totals, so the same draw picks the same index. */
function mapped<T, U>(table: Weighted<T>, map: (item: T) => U): Weighted<U> {
  return {
    items: table.items.map(map),
    cumulative: table.cumulative,
    total: table.total,
    guide: table.guide,
  };
}

/** {@link PLANS}, item for item. */
export const ROW_PLANS: Weighted<RowPlan> = mapped(PLANS, (plan) => ({
  plan,
  stacks: plan.stacks === null ? null : mapped(plan.stacks, (c) => rowChoice(plan, c)),
  plain: mapped(plan.plain, (c) => rowChoice(plan, c)),
}));
