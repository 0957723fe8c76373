import type { DatabaseTarget } from './db/database-target';
import { type ServerFacts, serverDetails } from './db/server-facts';
import { displayPath, type EnvOrigin } from './project-env';

/**
 * The one line every command prints on stderr, so a person can see which database it uses. On a server, once
 * connected, from what the server says (`current_user`, `current_database()`, the address reached, version,
 * encoding): `database: postgres@127.0.0.1:5432/app (PostgreSQL 15.4, UTF8; DATABASE_URL from .env)`; without
 * `facts` (before a connection exists), what node-postgres will use. The embedded database:
 * `database: embedded PGlite at ./.pglite`. Never the password or the URL.
 */
export function targetLine(
  target: DatabaseTarget,
  origin: EnvOrigin,
  env: NodeJS.ProcessEnv = process.env,
  facts?: ServerFacts,
): string {
  // `.env` rather than `./.env`: the name people know it by.
  const file = displayPath(origin.file).replace(/^\.\//, '');
  const from = (name: string) => (origin.fromFile.has(name) ? file : 'the environment');
  if (target.kind === 'postgres') {
    const server = facts ? `${serverDetails(facts)}; ` : '';
    return `database: ${target.describe} (${server}DATABASE_URL from ${from('DATABASE_URL')})`;
  }
  const dirSet = (env.PGLITE_DIR ?? '').trim() !== '';
  return `database: ${target.describe}${dirSet ? ` (PGLITE_DIR from ${from('PGLITE_DIR')})` : ''}`;
}
