// The write log: which transactions wrote a table, kept by statement triggers on it, so a no-op rerun can tell
// in O(1) that nothing was written since its seed recorded the table's side (src/seed/guard/seed-guard.ts, TableRecord)
// instead of counting the seed's rows again. docs/seed-engine.md ("The write log") says why it is truthful.

import type { Knex } from 'knex';
import { ident, query, type Sql, sql } from '../../db/sql';
import { SeedError } from '../../errors';

/** The log itself: one row per (table, writing transaction), the sequence value of its last writing statement. */
export const WRITE_LOG_TABLE = 'seed_table_writes';
const SEQUENCE = 'seed_table_writes_seq';
/** The trigger function; the triggers on a logged table are found by it. */
const TRIGGER_FUNCTION = 'seed_table_write';
const TRIGGERS = ['seed_write_log', 'seed_write_log_truncate'] as const;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `text` as an SQL string literal. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The log's functions, in `schema`: the trigger function and the three functions the engine calls (its last
 * statement's sequence value in this transaction, whether anything was written since a mark, and a trim). All
 * SECURITY DEFINER, so a role that may write a logged table, or run the seed, needs no grant on the log. They run
 * as their owner on every write to a logged table: their search_path is pg_catalog alone (and pg_temp last, where
 * no function or operator is looked up), and every object of their own is named with its schema, so nothing a
 * role may create elsewhere (a `public.nextval(text)`, a `#>` operator: on PostgreSQL 13 and 14 any role may
 * create objects in `public`) is ever called in their place. `CREATE OR REPLACE`: {@link updateSeedWriteLog}
 * brings older definitions up to these.
 */
export function writeLogFunctionsSql(schema: string): string[] {
  const s = quote(schema);
  const definer = 'SECURITY DEFINER SET search_path = pg_catalog, pg_temp';
  const log = `${s}.${WRITE_LOG_TABLE}`;
  const guard = `${s}.seed_guard`;
  return [
    `CREATE OR REPLACE FUNCTION ${s}.${TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql ${definer} AS $$
BEGIN
  INSERT INTO ${log} (table_oid, xid, last_seq) VALUES (TG_RELID, pg_current_xact_id(), nextval(${literal(`${s}.${SEQUENCE}`)}::regclass))
    ON CONFLICT (table_oid, xid) DO UPDATE SET last_seq = EXCLUDED.last_seq;
  RETURN NULL;
END $$`,
    `CREATE OR REPLACE FUNCTION ${s}.seed_table_write_seq(t oid) RETURNS bigint LANGUAGE sql STABLE ${definer} AS $$
  SELECT last_seq FROM ${log} WHERE table_oid = t AND xid = pg_current_xact_id_if_assigned() $$`,
    // A log row counts unless the mark's statement saw its transaction whole (committed in its snapshot) or it
    // is the mark's own transaction at or before the mark's statement.
    `CREATE OR REPLACE FUNCTION ${s}.seed_table_written_since(t oid, snap pg_snapshot, own xid8, seq bigint) RETURNS boolean LANGUAGE sql STABLE ${definer} AS $$
  SELECT EXISTS (SELECT 1 FROM ${log} w WHERE w.table_oid = t AND w.xid >= pg_snapshot_xmin(snap)
    AND NOT coalesce(CASE WHEN w.xid = own THEN w.last_seq <= seq ELSE pg_visible_in_snapshot(w.xid, snap) END, false)) $$`,
    // Forgets the rows of transactions every mark saw committed (and this statement too, so later marks will):
    // no mark's answer changes. Keeps any mark's own transaction and this one. Without seed_guard: keeps all.
    `CREATE OR REPLACE FUNCTION ${s}.seed_table_writes_trim(t oid) RETURNS void LANGUAGE plpgsql VOLATILE ${definer} AS $$
BEGIN
  IF to_regclass(${literal(guard)}) IS NULL THEN RETURN; END IF;
  DELETE FROM ${log} w WHERE w.table_oid = t
    AND w.xid IS DISTINCT FROM pg_current_xact_id_if_assigned()
    AND pg_visible_in_snapshot(w.xid, pg_current_snapshot())
    AND NOT EXISTS (SELECT 1 FROM ${guard} g, LATERAL (SELECT g.params #> '{table,log}'::text[] AS m) l
      WHERE l.m ->> 'snapshot' IS NOT NULL AND (w.xid::text = l.m ->> 'xid'
        OR NOT pg_visible_in_snapshot(w.xid, (l.m ->> 'snapshot')::pg_snapshot)));
END $$`,
  ];
}

/** The log's shared objects, in `schema`: the table, its sequence and its functions ({@link writeLogFunctionsSql}). */
export function writeLogObjectsSql(schema: string): string[] {
  const s = quote(schema);
  return [
    `CREATE TABLE ${s}.${WRITE_LOG_TABLE} (table_oid oid NOT NULL, xid xid8 NOT NULL, last_seq bigint NOT NULL, PRIMARY KEY (table_oid, xid))`,
    `CREATE SEQUENCE ${s}.${SEQUENCE}`,
    ...writeLogFunctionsSql(schema),
  ];
}

/**
 * Re-creates the write log's functions, where the log is (along the search path), from this version's
 * definitions; nothing when there is none. For a migration after upgrading the engine: the earlier ones set
 * `search_path` to the log's schema, where on PostgreSQL 13 and 14 any role could create a function the
 * trigger would call as the log's owner. Changing the functions makes each seed count its rows once.
 */
export async function updateSeedWriteLog(knex: Knex): Promise<void> {
  const found = await knex.raw(
    `SELECT n.nspname AS schema FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE p.oid = to_regprocedure(?)`,
    [`${TRIGGER_FUNCTION}()`],
  );
  const schema = (found.rows[0] as { schema: string } | undefined)?.schema;
  if (schema === undefined) return;
  for (const statement of writeLogFunctionsSql(schema)) await knex.raw(statement);
}

/**
 * Logs every write to `table` (INSERT, UPDATE, DELETE, COPY, TRUNCATE; one row per writing transaction) so
 * that a no-op rerun of its seeds reads no row of it. For an app's migration, after the table is created:
 * `await addSeedWriteLog(knex, 'jobs')`. Statement triggers without transition tables: a load costs nothing
 * more. `ENABLE ALWAYS`, so `session_replication_role = replica` does not skip them. Without it (or with a
 * trigger disabled since), the seed counts its rows as before.
 */
export async function addSeedWriteLog(knex: Knex, table: string): Promise<void> {
  const found = await knex.raw(
    `SELECT p.oid IS NULL AS missing, current_schema() AS schema, n.nspname AS found_in,
       p.proowner::regrole::text AS owner,
       -- A role that could act for the owner made it, or one trusted with the database: this role or a role it is
       -- granted (not through a superuser's reach: pg_has_role says yes to every role then), a superuser, the
       -- owner of the database, of the schema or of the table. Not a role that could merely create in the schema.
       coalesce(p.proowner = current_user::regrole
         OR (pg_has_role(current_user, p.proowner, 'MEMBER')
             AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user))
         OR (SELECT r.rolsuper FROM pg_roles r WHERE r.oid = p.proowner)
         OR p.proowner = (SELECT d.datdba FROM pg_database d WHERE d.datname = current_database())
         OR p.proowner = n.nspowner
         OR p.proowner = (SELECT c.relowner FROM pg_class c WHERE c.oid = to_regclass(?)), false) AS trusted
     FROM (SELECT to_regprocedure(?)::oid AS oid) f
     LEFT JOIN pg_proc p ON p.oid = f.oid LEFT JOIN pg_namespace n ON n.oid = p.pronamespace`,
    [quotedName(table), `${TRIGGER_FUNCTION}()`],
  );
  const { missing, schema, found_in, owner, trusted } = found.rows[0] as {
    missing: boolean;
    schema: string;
    found_in: string | null;
    owner: string | null;
    trusted: boolean;
  };
  // A function of that name another role made is not the log: the triggers would run its code as every role that
  // writes the table (on PostgreSQL 13 and 14 any role may create one in public before this migration runs).
  if (!missing && !trusted)
    throw new SeedError(
      'SCHEMA_INCOMPATIBLE',
      `function ${found_in}.${TRIGGER_FUNCTION}() already exists, owned by role ${owner}, which owns neither the ` +
        `database, its schema nor ${table} and which this migration's role cannot act for: if it is the seed's write ` +
        `log, run this migration as ${owner} (or a role granted it); if not, drop it (DROP FUNCTION ` +
        `${found_in}.${TRIGGER_FUNCTION}()) and find out who made it`,
    );
  if (missing) for (const statement of writeLogObjectsSql(schema)) await knex.raw(statement);
  await knex.raw(
    `CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION ${TRIGGER_FUNCTION}()`,
    [TRIGGERS[0], table],
  );
  await knex.raw(
    `CREATE TRIGGER ?? AFTER TRUNCATE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION ${TRIGGER_FUNCTION}()`,
    [TRIGGERS[1], table],
  );
  for (const trigger of TRIGGERS) await knex.raw('ALTER TABLE ?? ENABLE ALWAYS TRIGGER ??', [table, trigger]);
}

/** Undoes {@link addSeedWriteLog} for `table`; the log itself goes with the last table that used it. */
export async function dropSeedWriteLog(knex: Knex, table: string): Promise<void> {
  for (const trigger of TRIGGERS) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [trigger, table]);
  const found = await knex.raw(
    `SELECT p.oid IS NOT NULL AS present, n.nspname AS schema,
       EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgfoid = p.oid) AS used
     FROM (SELECT to_regprocedure(?)::oid AS oid) f
     LEFT JOIN pg_proc p ON p.oid = f.oid LEFT JOIN pg_namespace n ON n.oid = p.pronamespace`,
    [`${TRIGGER_FUNCTION}()`],
  );
  const { present, schema, used } = found.rows[0] as { present: boolean; schema: string; used: boolean };
  if (!present) return;
  const s = quote(schema);
  if (used) {
    await knex.raw(`DELETE FROM ${s}.${WRITE_LOG_TABLE} WHERE table_oid = to_regclass(?)::oid`, [table]);
    return;
  }
  await knex.raw(`DROP FUNCTION ${s}.${TRIGGER_FUNCTION}(), ${s}.seed_table_write_seq(oid),
    ${s}.seed_table_written_since(oid, pg_snapshot, xid8, bigint), ${s}.seed_table_writes_trim(oid)`);
  await knex.raw(`DROP TABLE ${s}.${WRITE_LOG_TABLE}`);
  await knex.raw(`DROP SEQUENCE ${s}.${SEQUENCE}`);
}

/** A table's write log as a run finds it: the table's oid, the log's schema, the identity of its triggers. */
export interface WriteLog {
  oid: string;
  schema: string;
  /**
   * The triggers' and the function's catalog rows (`oid.xmin` each), and the table's storage (`relfilenode`):
   * `ALTER TABLE ... DISABLE TRIGGER` (e.g. pg_restore --disable-triggers) and re-enabling rewrite the rows, and
   * DDL that rewrites the table (`ALTER COLUMN ... TYPE ... USING`, which can change any value) fires no trigger
   * but gives it new storage: a mark made under another identity may have missed writes.
   */
  triggers: string;
}

/**
 * What a seed records beside its table's figures, read in the statement that counted them: its snapshot (a
 * write it could not see is a transaction's in progress then, or at or after its xmax), its own transaction
 * (none yet: nothing written) and the sequence value of its own last write to the table (none: no write), and
 * the log's triggers then.
 */
export interface WriteMark {
  snapshot: string;
  /** Null when the transaction had no id yet (nothing written): every later log row then counts. */
  xid: string | null;
  seq: string | null;
  triggers: string;
}

/**
 * The catalog look, once per step: the table's triggers that call the log's function, enabled ALWAYS, with no
 * WHEN or column list, covering INSERT, UPDATE, DELETE and TRUNCATE; no row when it has none that do. (The
 * function's xmin is grouped as text: PostgreSQL 13 can neither sort nor hash an xid.)
 */
export function writeLogSql(table: string): Sql {
  return sql`SELECT c.oid::text AS oid, n.nspname AS schema,
       string_agg(t.oid::text || '.' || t.xmin::text, ',' ORDER BY t.oid) || '/' || p.oid::text || '.' || p.xmin::text
         || '/' || c.relfilenode::text AS triggers
     FROM pg_class c
     JOIN pg_trigger t ON t.tgrelid = c.oid
     JOIN pg_proc p ON p.oid = t.tgfoid AND p.proname = ${TRIGGER_FUNCTION} AND p.prosecdef
     JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE c.oid = to_regclass(${quotedName(table)})
     GROUP BY c.oid, c.relfilenode, n.nspname, p.oid, p.xmin::text
     HAVING bool_and(t.tgenabled = 'A' AND t.tgqual IS NULL AND t.tgattr::text = '')
       AND bit_or(t.tgtype::int) & 60 = 60`;
}

/** `table` as knex's `??` quotes it (each dot-separated part), for to_regclass. */
function quotedName(table: string): string {
  return table.split('.').map(quote).join('.');
}

/** The table's write log, or undefined when it has none (today's full count then). */
export async function readWriteLog(knex: Knex, table: string): Promise<WriteLog | undefined> {
  const { rows } = await query<WriteLog>(knex, writeLogSql(table));
  return rows.length === 1 ? rows[0] : undefined;
}

/** The columns that make a {@link WriteMark}, for the statement that counts the seed's rows. */
export function markColumnsSql(log: WriteLog): Sql {
  return sql`pg_current_snapshot()::text AS mark_snapshot, pg_current_xact_id_if_assigned()::text AS mark_xid,
       ${ident(log.schema)}.seed_table_write_seq(${log.oid}::oid)::text AS mark_seq`;
}

/** Whether anything the mark's statement could not see was written to the table since (always, under other triggers). */
export function writtenSinceSql(log: WriteLog, mark: WriteMark): Sql {
  return sql`SELECT ${ident(log.schema)}.seed_table_written_since(${log.oid}::oid, ${mark.snapshot}::pg_snapshot, ${mark.xid}::xid8, ${mark.seq}::bigint) AS written`;
}

/** True when the table may differ from what was counted at `mark`: see {@link WriteMark}. */
export async function writtenSince(knex: Knex, log: WriteLog, mark: WriteMark | undefined): Promise<boolean> {
  if (!mark?.snapshot || mark.triggers !== log.triggers) return true;
  const { rows } = await query<{ written: boolean }>(knex, writtenSinceSql(log, mark));
  return rows[0].written;
}

/** Forgets the table's log rows that every mark sees committed (no mark's answer changes); run by a step that writes. */
export async function trimWriteLog(trx: Knex.Transaction, log: WriteLog): Promise<void> {
  await query(trx, sql`SELECT ${ident(log.schema)}.seed_table_writes_trim(${log.oid}::oid)`);
}
