import fs from 'node:fs';
import path from 'node:path';
import { CURATED_POSTINGS } from '../src/data/curated';
import { SeedError } from '../src/errors';
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
  try {
    fs.writeFileSync(file, json);
  } catch (error) {
    console.error(exportFailed(file, error).format());
    process.exit(1);
  }
  console.error(`Wrote ${CURATED_POSTINGS.length} postings to ${file}`);
}

/** A failed write as one line naming the path and what to do. */
function exportFailed(file: string, error: unknown): SeedError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const dir = path.dirname(path.resolve(file));
  const fix: Record<string, string> = {
    ENOENT: `the directory ${dir} does not exist: create it, or choose another --out path`,
    ENOTDIR: `a part of ${dir} is a file, not a directory: choose another --out path`,
    EACCES: 'permission denied: choose a path you can write, or fix its permissions',
    EPERM: 'permission denied: choose a path you can write, or fix its permissions',
    EISDIR: 'that is a directory: give a file name (--out fixtures/postings.json)',
    EROFS: 'the file system is read-only: choose another --out path',
    ENOSPC: 'the disk is full: free some space, or choose another --out path',
  };
  return new SeedError(
    'EXPORT_FAILED',
    `cannot write ${file} (${code || 'error'}): ${fix[code] ?? 'choose another --out path'}`,
    {
      cause: error,
    },
  );
}

main();
