import fs from 'node:fs';
import path from 'node:path';
import type { CommandIo } from '../src/command';
import { CURATED_POSTINGS } from '../src/data/curated';
import { SeedError } from '../src/errors';
import { exportPostings } from '../src/report/export';

/**
 * `npm run seed:export [-- --out FILE]`: the curated data set with its ids, as JSON. Needs no database, so it
 * opens none; its errors are one line and exit code 1, as every command's (src/command.ts). Returns the exit code.
 */
export function main(
  options: { argv?: readonly string[]; io?: CommandIo; write?: (text: string) => void } = {},
): number {
  const args = (options.argv ?? process.argv).slice(2);
  const io = options.io ?? { out: (l) => console.log(l), err: (l) => console.error(l) };
  const outAt = args.indexOf('--out');
  const json = `${JSON.stringify(exportPostings(CURATED_POSTINGS), null, 2)}\n`;
  if (outAt === -1) {
    (options.write ?? ((text) => process.stdout.write(text)))(json);
    return 0;
  }
  const file = args[outAt + 1];
  if (!file || file.startsWith('--')) {
    io.err('CONFIG_INVALID: --out needs a file name (npm run seed:export -- --out fixtures/postings.json)');
    return 1;
  }
  try {
    fs.writeFileSync(file, json);
  } catch (error) {
    io.err(exportFailed(file, error).format());
    return 1;
  }
  io.err(`Wrote ${CURATED_POSTINGS.length} postings to ${file}`);
  return 0;
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

if (require.main === module) process.exitCode = main();
