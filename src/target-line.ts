import type { DatabaseTarget } from './config';
import { displayPath, type EnvOrigin } from './project-env';

/**
 * The one line every command prints on stderr before it touches a database, so a person can see which one:
 * `database: postgres@127.0.0.1:5432/app (DATABASE_URL from .env)` or `database: embedded PGlite at ./.pglite`.
 * Built from `target.describe`: never the password or the URL.
 */
export function targetLine(
  target: DatabaseTarget,
  origin: EnvOrigin,
  env: NodeJS.ProcessEnv = process.env,
): string {
  // `.env` rather than `./.env`: the name people know it by.
  const file = displayPath(origin.file).replace(/^\.\//, '');
  const from = (name: string) => (origin.fromFile.has(name) ? file : 'the environment');
  if (target.kind === 'postgres')
    return `database: ${target.describe} (DATABASE_URL from ${from('DATABASE_URL')})`;
  const dirSet = (env.PGLITE_DIR ?? '').trim() !== '';
  return `database: ${target.describe}${dirSet ? ` (PGLITE_DIR from ${from('PGLITE_DIR')})` : ''}`;
}
