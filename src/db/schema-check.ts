import type { Knex } from 'knex';
import { SeedError } from '../errors';

/** A table privilege a command needs. */
export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/** What the server says about one table, as the connected role sees it. */
export interface TableFacts {
  /** The name asked for (unqualified: looked up along `search_path`, as the queries resolve it). */
  name: string;
  /** The schema it was found in, or null when it exists in none of the search path's schemas. */
  schema: string | null;
  /** The role has USAGE on that schema (without it, `to_regclass` and every query say "does not exist"). */
  schemaUsage: boolean;
  /** The privileges asked for that the role lacks on the table (empty when it has them all). */
  lacking: TablePrivilege[];
  /** Its columns (empty when it does not exist). */
  columns: string[];
  /** Row-level security filters what the role sees of it (`row_security_active`): some rows may be hidden. */
  rowSecurity: boolean;
  /** Tables that inherit from it (`INHERITS`; not partitions): a query of it reads and writes their rows too. */
  children: string[];
}

/** The connected role and the tables, from the server. */
export interface AccessFacts {
  user: string;
  tables: TableFacts[];
}

/**
 * Asks the server which of `tables` exist and what the connected role may do with them. Existence comes from
 * pg_class/pg_namespace (readable by every role), not from `to_regclass` or information_schema, which hide a
 * table the role has no USAGE or privilege on: so "does not exist" and "not allowed" are never confused. The
 * schemas are the search path's as configured (`"$user"` resolved), including those the role may not use.
 * One query.
 */
export async function accessFacts(
  knex: Knex | Knex.Transaction,
  tables: readonly string[],
  privileges: readonly TablePrivilege[],
): Promise<AccessFacts> {
  const { rows } = await knex.raw(
    `WITH path AS (
       SELECT ord, CASE WHEN btrim(entry) IN ('$user', '"$user"') THEN current_user::text
                        ELSE btrim(btrim(entry), '"') END AS nspname
         FROM unnest(string_to_array(current_setting('search_path'), ',')) WITH ORDINALITY AS p(entry, ord))
     SELECT t.name, r.nspname AS schema,
            coalesce(has_schema_privilege(r.nsp, 'USAGE'), false) AS schema_usage,
            coalesce(ARRAY(SELECT p FROM unnest(?::text[]) AS p WHERE NOT has_table_privilege(r.oid, p)),
                     '{}') AS lacking,
            coalesce(ARRAY(SELECT attname::text FROM pg_attribute
                            WHERE attrelid = r.oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum),
                     '{}') AS columns,
            coalesce(r.oid IS NOT NULL AND row_security_active(r.oid), false) AS row_security,
            coalesce(ARRAY(SELECT i.inhrelid::regclass::text FROM pg_inherits i
                            WHERE i.inhparent = r.oid AND r.relkind = 'r' ORDER BY 1), '{}') AS children,
            current_user AS "user"
       FROM unnest(?::text[]) WITH ORDINALITY AS t(name, ord)
       LEFT JOIN LATERAL (
         SELECT c.oid, c.relkind, n.oid AS nsp, n.nspname::text
           FROM path JOIN pg_namespace n ON n.nspname = path.nspname
           JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.name AND c.relkind IN ('r', 'p')
          ORDER BY path.ord LIMIT 1) r ON true
      ORDER BY t.ord`,
    [[...privileges], [...tables]],
  );
  const user: string = rows[0]?.user ?? '';
  return {
    user,
    tables: rows.map((r: Record<string, unknown>) => ({
      name: r.name as string,
      schema: (r.schema as string | null) ?? null,
      schemaUsage: Boolean(r.schema_usage),
      lacking: r.schema === null ? [] : (r.lacking as TablePrivilege[]),
      columns: r.columns as string[],
      rowSecurity: Boolean(r.row_security),
      children: r.children as string[],
    })),
  };
}

/** An identifier as SQL needs it written: bare when it is a plain lower-case name, quoted otherwise. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const and = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * The GRANT statements that give `user` exactly what it lacks on the existing tables of `facts` (USAGE on
 * their schemas, then the table privileges, tables that lack the same ones in one statement), and the same
 * said in words; undefined when it lacks nothing.
 */
export function missingGrants(facts: AccessFacts): { lacks: string; statements: string[] } | undefined {
  const present = facts.tables.filter((t) => t.schema !== null);
  const role = quoteIdent(facts.user);
  const schemas = [...new Set(present.filter((t) => !t.schemaUsage).map((t) => t.schema as string))];
  const byPrivileges = new Map<string, TableFacts[]>();
  for (const t of present.filter((t) => t.lacking.length > 0)) {
    const key = t.lacking.join(', ');
    byPrivileges.set(key, [...(byPrivileges.get(key) ?? []), t]);
  }
  if (schemas.length === 0 && byPrivileges.size === 0) return undefined;
  const words = [
    ...schemas.map((s) => `USAGE on schema ${s}`),
    ...[...byPrivileges].map(([privileges, tables]) => `${privileges} on ${and(tables.map((t) => t.name))}`),
  ];
  const statements = [
    ...schemas.map((s) => `GRANT USAGE ON SCHEMA ${quoteIdent(s)} TO ${role}`),
    ...[...byPrivileges].map(
      ([privileges, tables]) =>
        `GRANT ${privileges} ON ${tables.map((t) => `${quoteIdent(t.schema as string)}.${quoteIdent(t.name)}`).join(', ')} TO ${role}`,
    ),
  ];
  return { lacks: and(words), statements };
}

/** DB_PERMISSION_DENIED naming exactly (`why`: what needs it) what the role lacks and the statements that grant it, or undefined. */
export function permissionError(facts: AccessFacts, why: string): SeedError | undefined {
  const grants = missingGrants(facts);
  if (!grants) return undefined;
  return new SeedError(
    'DB_PERMISSION_DENIED',
    `user "${facts.user}" lacks ${grants.lacks} (${why}); nothing was written: as the owner, run ` +
      `${grants.statements.map((s) => `${s};`).join(' ')}`,
  );
}

/**
 * Before a seed run writes: the seeded tables and the guard table exist (with the guard column this version
 * writes), and the role may read and write them. Throws SCHEMA_MISSING for what the server says does not
 * exist, DB_PERMISSION_DENIED with the exact GRANTs for what exists but is not allowed.
 */
export async function assertSeedTables(
  knex: Knex | Knex.Transaction,
  tables: readonly string[],
  guardTable: string,
): Promise<void> {
  const names = [...new Set([...tables, guardTable])];
  const facts = await accessFacts(knex, names, ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  const missing = facts.tables.filter((t) => t.schema === null).map((t) => t.name);
  if (missing.length > 0) {
    throw new SeedError(
      'SCHEMA_MISSING',
      `table ${and(missing)} does not exist: run \`npx knex migrate:latest\` first`,
    );
  }
  const guard = facts.tables.find((t) => t.name === guardTable);
  if (guard && !guard.columns.includes('content_columns')) {
    throw new SeedError(
      'SCHEMA_MISSING',
      `column ${guardTable}.content_columns does not exist: run \`npx knex migrate:latest\` first`,
    );
  }
  const denied =
    permissionError(facts, 'the seed reads and writes these tables') ??
    rowSecurityError(
      facts,
      'a row of its own it cannot see looks deleted by the app, and writing one may be refused',
    );
  if (denied) throw denied;
  const parent = facts.tables.find((t) => t.children.length > 0);
  if (parent) {
    const children = and(parent.children);
    throw new SeedError(
      'SCHEMA_INCOMPATIBLE',
      `table ${parent.name} has tables that inherit from it (${children}): the seed's reads, updates and deletes ` +
        `of ${parent.name} would reach their rows too, and count them as its own; nothing was written: make ` +
        `${children} a table of ${parent.children.length === 1 ? 'its' : 'their'} own (ALTER TABLE ... NO INHERIT ` +
        `${parent.name})`,
    );
  }
}

/**
 * Before a command reads `tables`: they exist and the role may SELECT them, asked of the server's catalog. Throws
 * SCHEMA_MISSING for a table that exists in no schema of the search path, DB_PERMISSION_DENIED (the exact
 * GRANTs; `why`: what reads them) for one the role cannot read: a query would say "does not exist" for both.
 */
export async function assertReadable(
  knex: Knex | Knex.Transaction,
  tables: readonly string[],
  why: string,
): Promise<void> {
  const facts = await accessFacts(knex, tables, ['SELECT']);
  const missing = facts.tables.filter((t) => t.schema === null).map((t) => t.name);
  if (missing.length > 0) {
    throw new SeedError(
      'SCHEMA_MISSING',
      `table ${and(missing)} does not exist: run \`npx knex migrate:latest\` first`,
    );
  }
  const denied =
    permissionError(facts, why) ?? rowSecurityError(facts, 'its figures would leave the hidden rows out');
  if (denied) throw denied;
}

/**
 * DB_PERMISSION_DENIED when row-level security hides rows of the tables from the role (`why`: what that would
 * make false), or undefined. The engine must see every row of a table it counts, compares or writes.
 */
export function rowSecurityError(facts: AccessFacts, why: string): SeedError | undefined {
  const filtered = facts.tables.filter((t) => t.rowSecurity).map((t) => t.name);
  if (filtered.length === 0) return undefined;
  return new SeedError(
    'DB_PERMISSION_DENIED',
    `row-level security filters what user "${facts.user}" sees of ${and(filtered)} (${why}); nothing was ` +
      `written: run it as a role that row-level security does not apply to (the table's owner, unless the table ` +
      `has FORCE ROW LEVEL SECURITY, or a role with BYPASSRLS; a policy that shows every row still applies)`,
  );
}
