import fs from 'node:fs';
import path from 'node:path';
import type { CommandIo } from '../src/command';
import { readSeedOptions } from '../src/config';
import { seedsConfig } from '../src/db/knex-config';
import { isSeedError, SeedError } from '../src/errors';
import { exportSeed } from '../src/report/export';
import { seedsOfDirectory } from '../src/seed/run/seed-set';
import { plural } from '../src/seed/summary';
import type { CuratedSource, KeyedItem } from '../src/seed/table/description';

/**
 * `npm run seed:export [-- --seed NAME] [-- --out FILE] [-- --specific=FILE]`: the hand-written data sets of the
 * seed directory's files, each row with its id, as JSON: one seed's array (`--seed`, or the only one), else an
 * object of arrays by seed name. Needs no database, so it opens none; its errors are one line and exit code 1,
 * as every command's (src/command.ts). Resolves to the exit code.
 */
export async function main(
  options: { argv?: readonly string[]; io?: CommandIo; write?: (text: string) => void } = {},
): Promise<number> {
  const args = (options.argv ?? process.argv).slice(2);
  const io = options.io ?? { out: (l) => console.log(l), err: (l) => console.error(l) };
  const outAt = args.indexOf('--out');
  const file = args[outAt + 1];
  if (outAt !== -1 && (!file || file.startsWith('--'))) {
    io.err('CONFIG_INVALID: --out needs a file name (npm run seed:export -- --out fixtures/postings.json)');
    return 1;
  }
  let chosen: CuratedSource<KeyedItem>[];
  try {
    chosen = await curatedSeeds(args);
  } catch (error) {
    io.err(isSeedError(error) ? error.format() : String(error));
    return 1;
  }
  const value =
    chosen.length === 1
      ? exportSeed(chosen[0])
      : Object.fromEntries(chosen.map((source) => [source.name, exportSeed(source)]));
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (outAt === -1) {
    (options.write ?? ((text) => process.stdout.write(text)))(json);
    return 0;
  }
  try {
    fs.writeFileSync(file, json);
  } catch (error) {
    io.err(exportFailed(file, error).format());
    return 1;
  }
  const counts = chosen.map((s) => plural(s.items.length, s.table.noun.one, s.table.noun.many));
  io.err(`Wrote ${counts.join(', ')} to ${file}`);
  return 0;
}

/** The curated seeds of the seed directory (`--seed NAME`: that one). */
async function curatedSeeds(args: readonly string[]): Promise<CuratedSource<KeyedItem>[]> {
  const { seeds } = await seedsOfDirectory(seedsConfig(), args, readSeedOptions());
  const curated = seeds.map((s) => s.source).filter((s) => s.kind === 'curated');
  const seedAt = args.indexOf('--seed');
  if (seedAt === -1) return curated;
  const name = args[seedAt + 1];
  const found = curated.filter((s) => s.name === name);
  if (found.length === 0) {
    throw new SeedError(
      'CONFIG_INVALID',
      `--seed ${name ?? ''}: no hand-written seed of that name; the seed files have ${curated.map((s) => s.name).join(', ') || 'none'}`,
    );
  }
  return found;
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

if (require.main === module) void main().then((code) => (process.exitCode = code));
