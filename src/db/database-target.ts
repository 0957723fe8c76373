/** Where the data goes: a PostgreSQL server (`DATABASE_URL`) or the embedded PGlite directory. */
export type DatabaseTarget = ServerTarget | PgliteTarget;

/** A PostgreSQL server, as `DATABASE_URL` names it until the server says who and where it is. */
export type ServerTarget = {
  kind: 'postgres';
  /** The full connection string, password included: never print it; print `describe` instead. */
  connectionString: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** `DATABASE_SSL`: undefined leaves TLS to `sslmode` in the URL. */
  ssl: undefined | { rejectUnauthorized: boolean };
  connectTimeoutMs: number;
  /**
   * `DB_QUERY_TIMEOUT` in ms: the longest one statement may go without an answer before the connection is
   * called lost (DB_CONNECTION_LOST). With TCP keepalive, it bounds a stalled network path. Default 300 s.
   */
  queryTimeoutMs?: number;
  /** "postgres@127.0.0.1:5432/test": safe to log. */
  describe: string;
};

/** The embedded PGlite database in `dataDir`, one process's at a time (waits up to `lockTimeoutMs`). */
export type PgliteTarget = { kind: 'pglite'; dataDir: string; lockTimeoutMs: number; describe: string };
