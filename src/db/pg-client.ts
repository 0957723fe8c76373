import type { Knex } from 'knex';
import type { DatabaseTarget } from '../config';
import { describeError } from './describe-error';
import { learnServerFacts } from './server-facts';

// biome-ignore lint/suspicious/noExplicitAny: knex's dialect classes are untyped JavaScript.
const ClientPG: any = require('knex/lib/dialects/postgres/index.js');

/**
 * knex's `pg` client, whose connection errors are already one actionable line (unreachable, auth, missing
 * database, TLS) for every command: `migrate:latest` prints them as clearly as `seed:run` does.
 */
export function pgClientFor(target: Extract<DatabaseTarget, { kind: 'postgres' }>): typeof Knex.Client {
  return class PgClient extends ClientPG {
    /** The target this client connects to: what the server said once connected (knex-target.ts reads it). */
    readonly serverTarget = target;

    async acquireRawConnection(): Promise<unknown> {
      let connection: unknown;
      try {
        connection = await super.acquireRawConnection();
        // Once per target: what the server says the target is (the target line, the names in errors).
        await learnServerFacts(target, connection as Parameters<typeof learnServerFacts>[1]);
        return connection;
      } catch (error) {
        if (connection) await this.destroyRawConnection(connection).catch(() => undefined);
        throw describeError(error, target, 'connect');
      }
    }
  } as unknown as typeof Knex.Client;
}
