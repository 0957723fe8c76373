/** Every way a seed run can fail, each with a message that says what to do next. */
export type SeedErrorCode =
  | 'CONFIG_INVALID'
  | 'DB_UNREACHABLE'
  | 'DB_CONNECTION_LOST'
  | 'DB_AUTH_FAILED'
  | 'DB_MISSING'
  | 'DB_TLS_UNAVAILABLE'
  | 'DB_PERMISSION_DENIED'
  | 'SCHEMA_MISSING'
  | 'SCHEMA_INCOMPATIBLE'
  | 'DATA_INVALID'
  | 'SEED_ORDER'
  | 'SEED_NAME_INVALID'
  | 'PRUNE_REFUSED'
  | 'PGLITE_LOCKED'
  | 'SEED_LOCKED'
  | 'PGLITE_DIR_INVALID'
  | 'PGLITE_DAMAGED'
  | 'MIGRATE_LOCKED'
  | 'MIGRATE_FAILED'
  | 'EXPORT_FAILED'
  | 'PRODUCTION_REFUSED'
  | 'SEED_FAILED';

/**
 * The one error class of this project. Its message is a single line a person can act on; it never contains a
 * connection string, a password or query parameters. The original error, if any, is kept as `cause`.
 */
export class SeedError extends Error {
  override readonly name = 'SeedError';
  readonly code: SeedErrorCode;
  /** Extra lines (e.g. every data problem), printed after the message. */
  readonly details: readonly string[];

  constructor(code: SeedErrorCode, message: string, options: { cause?: unknown; details?: string[] } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
    // The knex CLI prints `error.stack`: the one line a person needs, and with DEBUG under it the frames and what
    // caused it (the driver's error, a seed file's own).
    // (Read off globalThis: an app's type check of the engine may run without Node's types.)
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
    if (!env?.DEBUG) {
      this.stack = this.format();
      return;
    }
    const frames = (this.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    const cause = options.cause as { stack?: string } | undefined;
    const causedBy = cause === undefined ? [] : [`Caused by: ${cause?.stack ?? String(cause)}`];
    this.stack = [this.format(), ...frames, ...causedBy].join('\n');
  }

  /** `CODE: message` followed by the details, one per line. */
  format(): string {
    return [`${this.code}: ${this.message}`, ...this.details.map((d) => `  - ${d}`)].join('\n');
  }
}

export function isSeedError(error: unknown): error is SeedError {
  return error instanceof SeedError;
}
