import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
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
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

/** A command started by {@link start}: its output so far, and its end. */
export interface Started {
  pid: number;
  /** stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits (never rejects on a non-zero exit). */
  done: Promise<CliResult>;
}

/** Starts a command from the project root, with the output readable while it runs. */
export function start(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  options: { timeoutMs?: number } = {},
): Started {
  const child = spawn(command, args, { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { pid: child.pid ?? 0, output: () => ({ stdout, stderr }), done };
}

/** Runs a command from the project root; resolves when it exits (never rejects on a non-zero exit). */
export function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  options: { timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<CliResult> {
  const started = start(command, args, env, options);
  if (started.pid) options.onSpawn?.(started.pid);
  return started.done;
}

/** A password put in test URLs: no output may ever contain it. */
export const PASSWORD = 'hunter2-s3cret';

/** knex's CLI script, run with this node (`npx knex` without npx's start-up cost). */
export const KNEX_BIN = path.join(ROOT, 'node_modules', 'knex', 'bin', 'cli.js');

/** `npx knex <args>` without npx's start-up cost. */
export function knexCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs?: number) {
  return run(process.execPath, [KNEX_BIN, ...args], env, { timeoutMs });
}

/** `npx knex <args>` started, with its output readable while it runs. */
export function startKnexCli(args: string[], env: Record<string, string | undefined> = {}): Started {
  return start(process.execPath, [KNEX_BIN, ...args], env);
}

/** Every error is one actionable line (plus details) on stderr, exit 1, no stack, and never `secret`. */
export function expectCleanFailure(result: CliResult, pattern: RegExp, secret: string): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stdout + result.stderr).not.toContain(secret);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}
