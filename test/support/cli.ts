import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import type { RunCommandOptions } from '../../src/command';
import { isSeedError, type SeedError } from '../../src/errors';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stderr without the leading target line (see `target`). */
  stderr: string;
  /** The target line the command printed first on stderr (`database: ...`), or undefined if it printed none. */
  target: string | undefined;
}

/** Splits the target line every command prints first on stderr from the rest, which tests read. */
export function splitTargetLine(stderr: string): { target: string | undefined; stderr: string } {
  const match = /^database: .*\n/.exec(stderr);
  return match
    ? { target: match[0].trimEnd(), stderr: stderr.slice(match[0].length) }
    : { target: undefined, stderr };
}

/** The environment a child gets: this one minus anything that would point it elsewhere, plus `env`. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(DATABASE_|PGLITE_|SEED_|DB_|PG)/.test(name) || name === 'NODE_ENV') delete base[name];
  }
  // DOTENV_PATH=/dev/null: a developer's .env must not reach the processes a test starts.
  const merged: NodeJS.ProcessEnv = {
    ...base,
    DOTENV_PATH: '/dev/null',
    ...env,
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  // Every node process below the child (the entrypoint's steps too) compiles PGlite's WebAssembly with the
  // baseline compiler only, as the jest workers do: see liftoff-only.js.
  merged.NODE_OPTIONS = [merged.NODE_OPTIONS, `--require ${JSON.stringify(LIFTOFF_ONLY)}`]
    .filter(Boolean)
    .join(' ');
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

/** Preloaded into the processes a test starts (NODE_OPTIONS): see the file. */
const LIFTOFF_ONLY = path.join(__dirname, 'liftoff-only.js');

/** Options of {@link start} and {@link run}. */
export interface RunOptions {
  timeoutMs?: number;
  onSpawn?: (pid: number) => void;
  cwd?: string;
  /** Called with all of stderr so far on every chunk: lets a test wait for a line. */
  onStderr?: (stderr: string) => void;
}

/** A command started by {@link start}: its output so far, and its end. */
export interface Started {
  pid: number;
  /** stdout and stderr so far (stderr with the target line). */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits (never rejects on a non-zero exit). */
  done: Promise<CliResult>;
}

/** Starts a command from the project root (or `options.cwd`), with the output readable while it runs. */
export function start(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  options: RunOptions = {},
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    options.onStderr?.(stderr);
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, ...splitTargetLine(stderr) });
    });
  });
  if (child.pid) options.onSpawn?.(child.pid);
  return { pid: child.pid ?? 0, output: () => ({ stdout, stderr }), done };
}

/** Runs a command from the project root (or `options.cwd`); resolves when it exits (never rejects on a non-zero exit). */
export function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  options: RunOptions = {},
): Promise<CliResult> {
  return start(command, args, env, options).done;
}

/** A password put in test URLs: no output may ever contain it. */
export const PASSWORD = 'hunter2-s3cret';

/** knex's CLI script, run with this node (`npx knex` without npx's start-up cost). */
export const KNEX_BIN = path.join(ROOT, 'node_modules', 'knex', 'bin', 'cli.js');

/**
 * `npx knex <args>` without npx's start-up cost. `seed:run` runs the job postings seed only (these suites test
 * it), so seed files a developer adds with `knex seed:make` do not change what the suites see.
 */
export function knexCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs?: number) {
  const scoped =
    args[0] === 'seed:run' && !args.some((a) => a.startsWith('--specific'))
      ? [...args, '--specific=01_job_postings.ts']
      : args;
  return run(process.execPath, [KNEX_BIN, ...scoped], env, { timeoutMs });
}

/** `npx knex <args>` started, with its output readable while it runs. */
export function startKnexCli(args: string[], env: Record<string, string | undefined> = {}): Started {
  return start(process.execPath, [KNEX_BIN, ...args], env);
}

/** The SeedError `promise` rejects with: fails the test when it resolves or rejects with anything else. */
export async function seedErrorOf(promise: Promise<unknown>): Promise<SeedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSeedError(error)) throw new Error(`expected a SeedError, got ${String(error)}`);
  return error;
}

/** Every error is one actionable line (plus details) on stderr, exit 1, no stack, and never `secret`. */
export function expectCleanFailure(result: CliResult, pattern: RegExp, secret: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stdout + result.stderr).not.toContain(secret);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Options of {@link inProcess}. */
export interface InProcessOptions {
  /** The command line after the script (`['--env', 'production']`). */
  args?: string[];
  /** Called with all of stderr so far (the target line included) on every line: lets a test wait for a line. */
  onStderr?: (stderr: string) => void;
  /** stderr lines left out of the result (and of `onStderr`). */
  omit?: RegExp;
  /** Also collect what `console.log` prints into stdout (the seed that `db:reset` runs prints with it). */
  console?: boolean;
  /** An open knex on the database `env` names, for the command to use and leave open (RunCommandOptions.knex). */
  knex?: Knex;
}

/**
 * A script's `main` (scripts/*.ts, through src/command.ts) run in-process with an io capture, as
 * {@link run} would run the script as a process: its exit code, stdout, and stderr without the target line.
 * The environment is `env` alone plus `DOTENV_PATH=/dev/null` (a developer's `.env` stays out).
 */
export async function inProcess(
  main: (options: RunCommandOptions) => Promise<number>,
  env: Record<string, string>,
  options: InProcessOptions = {},
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
  const log = options.console
    ? jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
        out.push(String(line));
      })
    : undefined;
  try {
    const code = await main({
      env: { DOTENV_PATH: '/dev/null', ...env },
      argv: ['node', 'script.ts', ...(options.args ?? [])],
      knex: options.knex,
      io: {
        out: (line) => out.push(line),
        err: (line) => {
          if (options.omit?.test(line)) return;
          err.push(line);
          options.onStderr?.(text(err));
        },
      },
    });
    return { code, signal: null, stdout: text(out), ...splitTargetLine(text(err)) };
  } finally {
    log?.mockRestore();
  }
}
