import { runCli } from '../src/cli';
import { readSeedOptions } from '../src/config';
import { CURATED_POSTINGS } from '../src/data/curated';
import { curatedChecksum } from '../src/seed/curated-seed';
import { listGuards } from '../src/seed/guard';
import { CURATED_SEED_NAME } from '../src/seed/run';
import { SYNTHETIC_SEED_NAME, syntheticChecksum } from '../src/seed/synthetic-seed';

/** `npm run db:status`: migrations applied and pending; per seed what was applied and whether the repo differs. */
runCli(async (knex, target) => {
  const options = readSeedOptions();
  console.log(`Database: ${target.describe}`);
  const [completed, pending] = await knex.migrate.list();
  console.log(`Migrations: ${completed.length} applied, ${pending.length} pending`);
  for (const m of completed) console.log(`  ✓ ${m.name}`);
  for (const m of pending) console.log(`  … ${m.file} (pending: run \`npx knex migrate:latest\`)`);

  const { rows } = await knex.raw(`SELECT to_regclass('seed_guard') AS guard`);
  if (!rows[0].guard) {
    console.log('Seeds: no guard table yet (run `npx knex migrate:latest`, then `npx knex seed:run`)');
    return;
  }
  const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
  const repo = new Map([
    [CURATED_SEED_NAME, curatedChecksum(CURATED_POSTINGS)],
    [SYNTHETIC_SEED_NAME, syntheticChecksum(options.syntheticCount, options.randomSeed)],
  ]);
  console.log('Seeds:');
  for (const [name, checksum] of repo) {
    const g = guards.get(name);
    if (!g) {
      const wanted = name === CURATED_SEED_NAME || options.syntheticCount > 0;
      console.log(`  ${name}: never applied${wanted ? ' (run `npx knex seed:run`)' : ''}`);
      continue;
    }
    const state =
      g.checksum === checksum
        ? 'in sync with the repo'
        : 'the repo data set differs: run `npx knex seed:run`';
    console.log(
      `  ${name}: checksum ${g.checksum.slice(0, 12)}, last applied ${new Date(g.last_applied_at).toISOString()}` +
        ` (first ${new Date(g.first_applied_at).toISOString()}), ${g.row_count} rows owned; ${state}`,
    );
  }
});
