import fs from 'node:fs';
import { CURATED_POSTINGS } from '../src/data/curated';
import { exportPostings } from '../src/report/export';

/** `npm run seed:export [-- --out FILE]`: the curated data set with its ids, as JSON. Needs no database. */
function main(): void {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const json = `${JSON.stringify(exportPostings(CURATED_POSTINGS), null, 2)}\n`;
  if (outAt === -1) {
    process.stdout.write(json);
    return;
  }
  const file = args[outAt + 1];
  if (!file || file.startsWith('--')) {
    console.error(
      'CONFIG_INVALID: --out needs a file name (npm run seed:export -- --out fixtures/postings.json)',
    );
    process.exit(1);
  }
  fs.writeFileSync(file, json);
  console.error(`Wrote ${CURATED_POSTINGS.length} postings to ${file}`);
}

main();
