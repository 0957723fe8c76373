import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexConfig } from '../../src/db/knex-config';

/**
 * A new PGlite directory costs an initdb: about 5 s of CPU, most of a small file's run. The global setup makes
 * one empty, initialised directory per PGlite version (kept in the temp directory across runs) and each scratch
 * database starts as a copy of it: the same state a first open leaves, migrations not applied.
 */
const PGLITE_TEMPLATE_ENV = 'TEST_PGLITE_TEMPLATE';
const PGLITE_MIGRATED_ENV = 'TEST_PGLITE_MIGRATED_TEMPLATE';

/** Part of each template's name: a change to how templates are made must change it, so old ones go unused. */
const TEMPLATE_FORM = 'slim3';

/** Makes (once per PGlite version) the template directory and tells this run's test files where it is. */
export async function preparePGliteTemplate(): Promise<void> {
  const manifest = path.resolve(
    __dirname,
    '..',
    '..',
    'node_modules',
    '@electric-sql',
    'pglite',
    'package.json',
  );
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const template = path.join(os.tmpdir(), `jps-pglite-template-${version}-${TEMPLATE_FORM}`);
  await makeOnce(template, 'jps-pglite-template-work-', async (knex) => {
    await dropTemplateDatabases(knex);
    await smallBufferPool(knex);
  });
  process.env[PGLITE_TEMPLATE_ENV] = template;
  process.env[PGLITE_MIGRATED_ENV] = await migratedTemplate(template, version);
}

/**
 * PGlite's initdb gives a database PostgreSQL's 128 MB of shared buffers, and every open of it sets them up: 0.33 s
 * of CPU an open and 420 MB of memory, against 0.22 s and 210 MB with 32 MB (on this project's machine, PGlite
 * 0.5). A scratch database of a test file holds a few thousand rows at most, a few MB: 32 MB still holds all of it.
 * The buffer pool's size is a resource setting, as the server scratch databases' synchronous_commit is: the
 * statements, their results and the engine's paths are the same. Every copy of the template, and every process a
 * test starts on one, reads it from the directory (postgresql.auto.conf).
 */
async function smallBufferPool(knex: Knex): Promise<void> {
  await knex.raw(`ALTER SYSTEM SET shared_buffers = '32MB'`);
}

/**
 * A first open leaves three databases: postgres, the one every command uses, and template0 and template1, which
 * only CREATE DATABASE reads (nothing does on PGlite). Without them the directory holds 390 files instead of 990
 * (25 MB, not 39), and a copy costs per file: 0.29 s of CPU instead of 0.38-0.65 s on this project's machine.
 */
async function dropTemplateDatabases(knex: Knex): Promise<void> {
  await knex.raw(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
  await knex.raw('DROP DATABASE template0');
  await knex.raw('DROP DATABASE template1');
  await knex.raw('CHECKPOINT');
}

/**
 * Makes the PGlite data directory `target` once, unless it is there: `build` runs on a directory made aside (empty,
 * or a copy of `from`) and the directory is renamed into place, so runs starting at once never see a half-made
 * one (when another run renamed its own into place first, that one is used).
 */
async function makeOnce(
  target: string,
  workPrefix: string,
  build: (knex: Knex) => Promise<unknown>,
  from?: string,
): Promise<void> {
  if (fs.existsSync(path.join(target, 'PG_VERSION'))) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), workPrefix));
  const dataDir = path.join(work, 'pgdata');
  if (from) copyTree(from, dataDir);
  const knex = knexFactory(knexConfig({ kind: 'pglite', dataDir, lockTimeoutMs: 60_000, describe: dataDir }));
  try {
    await build(knex);
  } finally {
    await knex.destroy();
  }
  try {
    fs.renameSync(dataDir, target);
  } catch (error) {
    if (!fs.existsSync(path.join(target, 'PG_VERSION'))) throw error;
  }
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * The template with every migration of migrations/ applied, for files that start from a migrated database
 * (createScratchDatabase's `migrated`): made once per PGlite version and migrations' content, where each such
 * file applied them itself (about 1.5 s of CPU on PGlite).
 */
async function migratedTemplate(template: string, version: string): Promise<string> {
  const migrated = path.join(
    os.tmpdir(),
    `jps-pglite-migrated-${version}-${TEMPLATE_FORM}-${migrationsHash().slice(0, 12)}`,
  );
  await makeOnce(migrated, 'jps-pglite-migrated-work-', (knex) => knex.migrate.latest(), template);
  return migrated;
}

/**
 * A hash of migrations/ (names and content) and of the engine's migration helper they call
 * (src/seed/guard/write-log.ts): a template made from other migrations is not used.
 */
export function migrationsHash(): string {
  const directory = path.resolve(__dirname, '..', '..', 'migrations');
  const hash = createHash('sha256');
  for (const name of fs.readdirSync(directory).sort())
    hash.update(name).update(fs.readFileSync(path.join(directory, name)));
  hash.update(fs.readFileSync(path.resolve(__dirname, '..', '..', 'src', 'seed', 'guard', 'write-log.ts')));
  return hash.digest('hex');
}

/**
 * Makes `dataDir` a copy of this run's initialised PGlite template, as a first open would leave it; without a
 * template (a file run outside jest's global setup) it stays absent, and the first open makes it. True when copied.
 */
export function copyPGliteTemplate(dataDir: string, migrated = false): boolean {
  const template = process.env[migrated ? PGLITE_MIGRATED_ENV : PGLITE_TEMPLATE_ENV];
  if (!template || !fs.existsSync(path.join(template, 'PG_VERSION'))) return false;
  copyTree(template, dataDir);
  return true;
}

/**
 * A plain recursive copy of directories and files (a PGlite data directory): half the CPU of fs.cpSync (which
 * checks each file twice). The WAL segment is copied whole (6 ms): left sparse, each WAL write into it allocated
 * blocks and its fdatasync waited for that (8 MB written: 0.08-0.44 s of wall, not 0.05).
 */
export function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const copy = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, copy);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), copy);
    else fs.copyFileSync(source, copy); // with the file's mode
  }
  fs.chmodSync(to, fs.statSync(from).mode & 0o7777); // the directory's mode too, as fs.cpSync kept it
}
