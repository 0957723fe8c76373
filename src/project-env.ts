import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { SeedError } from './errors';

/** The project root (where knexfile.ts and `.env` live): every relative path is resolved from here. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Where the variables that pick the database came from, for the target line. */
export interface EnvOrigin {
  /** The env file read: `<root>/.env`, or `DOTENV_PATH`. */
  file: string;
  /** The variables this process took from that file (the environment's own values win). */
  fromFile: ReadonlySet<string>;
}

/**
 * Loads `<project root>/.env` (or the file `DOTENV_PATH` names, relative to the root) into `env`, whatever the
 * working directory: variables already set win. A missing file is no error. Returns what came from the file.
 */
export function loadProjectEnv(env: NodeJS.ProcessEnv = process.env): EnvOrigin {
  const file = path.resolve(PROJECT_ROOT, env.DOTENV_PATH?.trim() || '.env');
  let parsed: Record<string, string> = {};
  try {
    parsed = dotenv.parse(fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new SeedError(
        'CONFIG_INVALID',
        `cannot read the env file ${displayPath(file)} (${code}): make it a readable file, or point DOTENV_PATH elsewhere`,
        { cause: error },
      );
    }
  }
  const fromFile = new Set<string>();
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    fromFile.add(name);
  }
  return { file, fromFile };
}

/** `./relative/path` for a path inside the project, the absolute path otherwise: for messages. */
export function displayPath(file: string): string {
  const relative = path.relative(PROJECT_ROOT, file);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : `./${relative}`;
}
