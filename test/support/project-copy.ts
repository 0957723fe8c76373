import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli';
import { removeScratchDirectory, scratchDirectory } from './scratch-dirs';

/** What a copy of the project needs to run its commands (node_modules is linked, not copied). */
const PARTS = [
  'knexfile.ts',
  'tsconfig.json',
  'package.json',
  'src',
  'migrations',
  'seeds',
  'stubs',
  'scripts',
  'docker',
];

/**
 * A throw-away copy of the project with its own `.env` and an empty `test/` directory, so a test can run
 * commands from a subdirectory with a root `.env` without touching this checkout's `.env` or `.pglite`.
 */
export interface ProjectCopy {
  root: string;
  /** `<root>/test`: a subdirectory to run commands from. */
  subdir: string;
  writeEnv(lines: string[]): void;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const root = scratchDirectory('jps-project-');
  for (const part of PARTS) fs.cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const subdir = path.join(root, 'test');
  fs.mkdirSync(subdir);
  return {
    root,
    subdir,
    writeEnv: (lines) => fs.writeFileSync(path.join(root, '.env'), `${lines.join('\n')}\n`),
    remove: () => removeScratchDirectory(root),
  };
}
