import type { Knex } from 'knex';
import type { DatabaseTarget } from '../config';
import { describeError } from './describe-error';

// biome-ignore lint/suspicious/noExplicitAny: knex's dialect classes are untyped JavaScript.
const ClientPG: any = require('knex/lib/dialects/postgres/index.js');

/**
 * knex's `pg` client, whose connection errors are already one actionable line (unreachable, auth, missing
 * database, TLS) for every command: `migrate:latest` prints them as clearly as `seed:run` does.
 */
export function pgClientFor(target: Extract<DatabaseTarget, { kind: 'postgres' }>): typeof Knex.Client {
  return class PgClient extends ClientPG {
    async acquireRawConnection(): Promise<unknown> {
      try {
        return await super.acquireRawConnection();
      } catch (error) {
        throw describeError(error, target, 'connect');
      }
    }
  } as unknown as typeof Knex.Client;
}
