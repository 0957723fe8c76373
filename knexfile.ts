import dotenv from 'dotenv';
import { readDatabaseTarget } from './src/config';
import { knexConfig } from './src/db/knex-config';

// Variables already in the environment win over .env.
dotenv.config({ quiet: true });

/** `DATABASE_URL` set: that PostgreSQL server; unset: the embedded PGlite in `PGLITE_DIR` (default `.pglite`). */
export default knexConfig(readDatabaseTarget());
