import type { Knex } from 'knex';

/**
 * One SQL statement or fragment as the engine's pure builders return it: text with knex placeholders (`??` for
 * an identifier or a list of them, `?` for a value) and its bindings, in order. `trx.raw(q.sql, q.bindings)`
 * sends it; a unit test reads it as text (test/unit/seed-sql.test.ts).
 */
export interface Sql {
  readonly sql: string;
  readonly bindings: readonly Knex.Value[];
}

/** An identifier (`j.title` is `"j"."title"`), or a comma-separated list of them. */
export interface Identifier {
  readonly identifier: string | readonly string[];
}

/** SQL text the engine writes itself (a keyword, a cast, a function): never data. */
export interface Verbatim {
  readonly verbatim: string;
}

export const ident = (identifier: string | readonly string[]): Identifier => ({ identifier });
export const verbatim = (text: string): Verbatim => ({ verbatim: text });

type Part = Sql | Identifier | Verbatim | Knex.Value;

function isSql(part: Part): part is Sql {
  return typeof part === 'object' && part !== null && 'sql' in part && 'bindings' in part;
}

/**
 * Builds an {@link Sql}: every interpolated value is bound (`?`), an {@link ident} is quoted by knex (`??`), a
 * nested `sql` fragment splices in with its bindings, and only a {@link verbatim} is pasted as text.
 */
export function sql(strings: TemplateStringsArray, ...parts: Part[]): Sql {
  let text = strings[0];
  const bindings: Knex.Value[] = [];
  parts.forEach((part, i) => {
    if (isSql(part)) {
      text += part.sql;
      bindings.push(...part.bindings);
    } else if (typeof part === 'object' && part !== null && 'identifier' in part) {
      text += '??';
      bindings.push(part.identifier as Knex.Value);
    } else if (typeof part === 'object' && part !== null && 'verbatim' in part) {
      text += part.verbatim;
    } else {
      text += '?';
      bindings.push(part as Knex.Value);
    }
    text += strings[i + 1];
  });
  return { sql: text, bindings };
}

/** Fragments joined by `separator` (`sql` fragments keep their bindings). */
export function join(fragments: readonly Sql[], separator: string): Sql {
  return {
    sql: fragments.map((f) => f.sql).join(separator),
    bindings: fragments.flatMap((f) => f.bindings),
  };
}

/** Sends a statement on the transaction and returns its rows, typed by the caller at this one boundary. */
export async function query<Row>(
  trx: Knex.Transaction | Knex,
  q: Sql,
): Promise<{ rows: Row[]; rowCount: number }> {
  const result = await trx.raw(q.sql, q.bindings as Knex.Value[]);
  return { rows: result.rows as Row[], rowCount: Number(result.rowCount) };
}
