import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { readSeedOptions } from '../src/config';
import {
  char,
  defineSeedTable,
  type EntryIo,
  jsonb,
  numeric,
  runSeedFile,
  type SeedSource,
  text,
  textArray,
  timestamptz,
  varchar,
} from '../src/engine';
import type { SeedError } from '../src/errors';
import { exportSeed } from '../src/report/export';
import { formatSeedColumns, seedColumnsReport } from '../src/report/seed-columns';
import { seedStatusLines } from '../src/report/seed-status';
import { listGuards } from '../src/seed/guard/seed-guard';
import { contentHasher, contentHashSql, hashSpecOf } from '../src/seed/hashing';
import { loadSeedSet, seedDirectoryArgs, seedsOfDirectory, sourcesOfSet } from '../src/seed/run/seed-set';
import { fixedText, real } from '../src/seed/table/columns';
import { textArrayText } from '../src/seed/table/pg-text';
import { beginSeedRun, endSeedRun } from '../src/seed-run-record';
import { TEAMS, type Team, teamSeed, teams } from './fixtures/seed-set/seeds/01_teams';
import { MEMBERS, type Member, memberSeed, members } from './fixtures/seed-set/seeds/02_members';
import {
  SAMPLES,
  type Sample,
  sampleSeed,
  sources as sampleSources,
  samples,
} from './fixtures/seed-set/seeds/03_samples';
import { knexCli, ROOT, seedErrorOf } from './support/cli';
import { createScratchDatabase, describeEachMigratedTarget } from './support/databases';
import { seedFile } from './support/seeding';
import { describeServer } from './support/suites';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'seed-set');
const SEEDS = path.join(FIXTURE, 'seeds');
const MIGRATIONS = [path.join(ROOT, 'migrations'), path.join(FIXTURE, 'migrations')];

/** Runs sources as their seed file does, in-process, with SEED_* variables set for the run; returns stdout. */
async function runFile(
  knex: Knex,
  sources: () => SeedSource[],
  env: Record<string, string> = {},
  directory = SEEDS,
): Promise<string[]> {
  const lines: string[] = [];
  const io: EntryIo = { out: (line) => lines.push(line), err: { write: () => true } };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await runSeedFile(knex, sources, io, { directory });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return lines;
}

/** The three files' runs in knex's order, with these data sets. */
async function runAll(
  knex: Knex,
  env: Record<string, string> = {},
  data: { teams?: Team[]; members?: Member[]; samples?: Sample[] } = {},
): Promise<string[]> {
  return [
    ...(await runFile(knex, () => [teamSeed(data.teams)], env)),
    ...(await runFile(knex, () => [memberSeed(data.members)], env)),
    ...(await runFile(
      knex,
      () => sampleSources().map((s) => (s.name === 'samples' ? sampleSeed(data.samples) : s)),
      env,
    )),
  ];
}

/** Runs the teams data set under another description of the teams table (`content`: its columns' kinds). */
function runTeamsAs<T extends Team>(
  knex: Knex,
  content: Parameters<typeof defineSeedTable<T>>[0]['content'],
  items: readonly T[] = TEAMS as T[],
): Promise<string[]> {
  const table = defineSeedTable<T>({ table: 'teams', content, validate: () => [], noun: teams.noun });
  return runFile(knex, () => [{ kind: 'curated', name: 'teams', table, items }]);
}

/** The error a run throws (runSeedFile throws outside knex's CLI). */
async function failure(run: Promise<unknown>): Promise<SeedError> {
  try {
    await run;
  } catch (error) {
    return error as SeedError;
  }
  throw new Error('the run did not fail');
}

/** md5 of every row of the three tables and the guard: equal before and after means nothing was written. */
async function fingerprint(knex: Knex): Promise<string> {
  const of = (t: string, order: string) =>
    `md5(coalesce((SELECT string_agg(x::text, '|' ORDER BY x.${order}) FROM ${t} x), ''))`;
  const { rows } = await knex.raw(
    `SELECT ${of('teams', 'id')} || ${of('members', 'id')} || ${of('samples', 'id')} || ${of('seed_guard', 'seed_name')} AS f`,
  );
  return rows[0].f;
}

const FIRST_RUN = [
  'teams: 2 created, 0 updated, 0 unchanged',
  'members: 3 created, 0 updated, 0 unchanged',
  'samples: 3 created, 0 updated, 0 unchanged',
  'samples_generated: 5 created, 0 updated, 0 unchanged',
];
/** A generated seed's no-op checks which rows carry its name, not their content, and says so. */
const GENERATED_UP_TO_DATE =
  'samples_generated: up to date (5 samples present, the ones the last run left; app edits not compared: SEED_FORCE=true resets them)';
const UP_TO_DATE = [...['teams', 'members', 'samples'].map((s) => `${s}: up to date`), GENERATED_UP_TO_DATE];

describeEachMigratedTarget('a seed file set of three related tables', (db) => {
  beforeAll(async () => {
    const knex = db().knex();
    // The project's migrations are applied (a migrated copy on PGlite): this adds the fixture's.
    await knex.migrate.latest({ directory: MIGRATIONS });
    // As an app's knexfile would say: its seed directory is the fixture's (the engine reads it for relations).
    const config = knex.client.config as Knex.Config;
    config.seeds = { ...config.seeds, directory: SEEDS };
  });

  /** Each test starts from empty tables and no guard rows, so it passes when run alone. */
  beforeEach(async () => {
    await db().knex().raw('TRUNCATE samples, members, teams, seed_guard');
  });

  test('knex seed:run runs the files in order: rows, ids from keys, relations; a rerun is up to date', async () => {
    const knex = db().knex();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await knex.seed.run();
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual(FIRST_RUN);
      log.mockClear();
      await knex.seed.run();
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual(UP_TO_DATE);
    } finally {
      log.mockRestore();
    }
    // The app's own `key` column holds the key; the child's foreign key is the parent's id from its key.
    expect(await knex('teams').orderBy('key').pluck('key')).toEqual(['design', 'platform']);
    const grace = await knex('members')
      .where({ id: members.idOf('grace') })
      .first();
    expect(grace).toMatchObject({ team_id: teams.idOf('design'), role: 'designer', active: false });
    // Generated samples point at curated members, chosen by index.
    const generated = await knex('samples')
      .where({ id: samples.idOf('generated-4') })
      .first();
    expect(generated.owner_id).toBe(members.idOf(MEMBERS[4 % MEMBERS.length].key));
  });

  test('every column kind is hashed in JavaScript as PostgreSQL prints the stored value', async () => {
    const knex = db().knex();
    await runAll(knex);
    const hashOf = contentHasher(samples);
    const inSql = await knex.transaction(async (trx) => {
      // The engine's session settings (src/seed/run/run-seed.ts), under which the hash reads `value::text`.
      await trx.raw(
        `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
           set_config('extra_float_digits', '1', true)`,
      );
      const { rows } = await trx.raw(
        `SELECT id, seed_content_hash, ${contentHashSql(hashSpecOf(samples), 's')} AS now FROM samples s`,
      );
      type Hashes = { id: string; seed_content_hash: string; now: string };
      return new Map<string, Hashes>(rows.map((r: Hashes) => [r.id, r]));
    });
    for (const item of SAMPLES) {
      expect({ key: item.key, ...inSql.get(samples.idOf(item.key)) }).toEqual({
        key: item.key,
        id: samples.idOf(item.key),
        seed_content_hash: hashOf(item),
        now: hashOf(item),
      });
    }
    // So a data set change to every sample is an update, not an app edit.
    const changed = SAMPLES.map((s) => ({ ...s, count: s.count + 1 }));
    expect(await runAll(knex, {}, { samples: changed })).toEqual([
      'teams: up to date',
      'members: up to date',
      'samples: 0 created, 3 updated, 0 unchanged',
      GENERATED_UP_TO_DATE,
    ]);
  });

  test('numeric(p, s) hash text is what PostgreSQL prints, sent as knex binds the number or as a COPY sends the text', async () => {
    const knex = db().knex();
    const chosen: [number, number][] = [
      [0, 2],
      [85000.5, 2],
      [-1234.56, 2],
      [2 ** 53 + 2, 2],
      [1234567890123456800, 0],
      [-98765432109876540000, 2],
      [1e21, 2],
      [1.2345678901234566e25, 0],
      [0.1, 18],
      [1234567890.1, 8],
      [12345678901234.123, 10],
      [0.005, 2],
      [-0.005, 2],
      [9.995, 2],
      [-0.004, 2],
      [1e-7, 10],
    ];
    // And random ones, PostgreSQL the oracle: doubles below 1e25, scales up to 20 (numeric(60, s) holds them).
    const random = fc.sample(
      fc.tuple(fc.double({ min: -1e25, max: 1e25, noNaN: true }), fc.integer({ min: 0, max: 20 })),
      { numRuns: 300, seed: 17 },
    );
    const pairs = [...chosen, ...random];
    const { rows } = await knex.raw(
      pairs
        .map(([, s]) => `SELECT ?::numeric(60,${s})::text AS bound, ?::text::numeric(60,${s})::text AS sent`)
        .join(' UNION ALL '),
      pairs.flatMap(([v, s]) => [v, fixedText(v, s)]),
    );
    const expected = pairs.map(([v, s]) => ({ bound: fixedText(v, s), sent: fixedText(v, s) }));
    expect(rows).toEqual(expected);
  });

  test('text[] hash text is what PostgreSQL prints: quoted for ASCII white space only, not for U+00A0, U+3000, U+FEFF', async () => {
    const arrays = [
      ['a\u00a0b', '\u3000', '\ufeff', 'x\u2028y'],
      ['a b', 'tab\there', 'v\vf\f', 'cr\r', ''],
      ['NULL', 'null', null, '{', 'q"b', 'b\\s', 'é'],
    ];
    const { rows } = await db()
      .knex()
      .raw(
        arrays.map(() => 'SELECT ?::text[]::text AS stored').join(' UNION ALL '),
        arrays.map((a) => textArrayText(a, true)),
      );
    expect(rows).toEqual(arrays.map((a) => ({ stored: textArrayText(a) })));
  });

  test('a real is stored as the hash names it, bound or COPYed, at a tie between two reals too', async () => {
    const column = real();
    // 1 + 2^-24 lies halfway between the reals 1 and 1 + 2^-23: rounded to even, 1; its 64-bit digits read as the other.
    const values = [1 + 2 ** -24, 0.1, -0, 16777217, 1.5, -3.4028234663852886e38, 1e-45];
    const rows = await db()
      .knex()
      .transaction(async (trx) => {
        // As the engine reads `value::text` (src/seed/run/run-seed.ts): the shortest digits.
        await trx.raw(`SELECT set_config('extra_float_digits', '1', true)`);
        const sent = values.map(() => 'SELECT ?::real::text AS bound, ?::text::real::text AS copied');
        const result = await trx.raw(
          sent.join(' UNION ALL '),
          values.flatMap((v) => [column.bind(v) as string, column.copy(v)]),
        );
        return result.rows;
      });
    expect(rows).toEqual(values.map((v) => ({ bound: column.hashText(v), copied: column.hashText(v) })));
  });

  test('a double changed from 0 to -0: stored and hashed as 0, so the next change to its row is an update', async () => {
    const knex = db().knex();
    await runAll(knex);
    const zero = SAMPLES.map((s, i) => (i === 0 ? { ...s, weight: 0 } : s));
    expect((await runAll(knex, {}, { samples: zero }))[2]).toBe('samples: 0 created, 1 updated, 2 unchanged');
    // The data set changed (another sample's count): the first sample's row is compared, its columns equal.
    const negativeZero = zero.map((s, i) =>
      i === 0 ? { ...s, weight: -0 } : i === 1 ? { ...s, count: s.count + 1 } : s,
    );
    expect((await runAll(knex, {}, { samples: negativeZero }))[2]).toBe(
      'samples: 0 created, 1 updated, 2 unchanged',
    );
    const next = negativeZero.map((s, i) => (i === 0 ? { ...s, count: s.count + 1 } : s));
    expect((await runAll(knex, {}, { samples: next }))[2]).toBe('samples: 0 created, 1 updated, 2 unchanged');
    expect((await runAll(knex, { SEED_FORCE: 'true' }, { samples: next }))[2]).toBe(
      'samples: 0 created, 0 updated, 3 unchanged',
    );
  });

  test('every column kind COPYed straight into the table (a generated load) reads back as the item says', async () => {
    const knex = db().knex();
    await runAll(knex);
    // The edge samples again as a generated seed: its new rows go through COPY's text format into the table
    // itself (tabs, newlines, backslashes, a literal \N, quotes, NULL as text, jsonb escapes), not the staging.
    const copied: Sample[] = [
      ...SAMPLES.map((s) => ({ ...s, key: `copied-${s.key}` })),
      {
        key: 'copied-escapes',
        count: 1,
        body: '\\N',
        label: 'cr\r lf\n tab\t',
        tags: ['t\tab', 'n\nl', '\\N', 'c\rr', 'b\\s', ''],
        doc: { '\\N': '\\N', 'tab\t': ['\r\n', '\\'] },
      },
      // The content hash's own marks (chr 2 for null, chr 31 between fields) inside values, and other control
      // characters COPY takes as they are: the rows are COPYed from their hash text only where that is exact.
      { key: 'copied-null-mark', count: 2, body: '\x02' },
      { key: 'copied-null-mark-inside', count: 3, body: 'mid\x02dle' },
      // Every field after it is set: no null there that would turn the row away for its own reason.
      ...['c', 'é'].map((code) => ({
        key: `copied-separator-inside-${code === 'c' ? 'ascii' : 'utf8'}`,
        count: 4,
        label: 'a\x1fb',
        code,
        size: 's' as const,
        day: '2024-01-01',
        at: '2024-01-01T00:00:00Z',
        ref_uuid: '00000000-0000-4000-8000-000000000000',
        doc: 1,
        tags: ['t'],
        owner_id: 'ada',
      })),
      { key: 'copied-separator', count: 4, label: '\x1f' },
      { key: 'copied-backslash', count: 4, body: 'back\\slash' },
      // The same with a character of two bytes (the bytes are searched, not the text).
      { key: 'copied-null-mark-utf8', count: 2, body: '\x02', label: 'é' },
      { key: 'copied-null-mark-inside-utf8', count: 3, body: 'mid\x02dle', label: 'é' },
      { key: 'copied-separator-utf8', count: 4, body: 'é', label: '\x1f' },
      { key: 'copied-backslash-utf8', count: 4, body: 'back\\slash', label: 'é' },
      { key: 'copied-controls', count: 5, body: 'bell\x07 soh\x01 esc\x1b', tags: ['\x02', '\x1f'] },
      {
        key: 'copied-nulls-and-text',
        count: 6,
        body: 'é',
        size: 's' as const,
        doc: null,
        tags: null,
        owner_id: 'ada',
      },
    ];
    const edges: SeedSource = {
      kind: 'generated',
      name: 'samples_copied',
      table: samples,
      count: copied.length,
      variant: { version: 1 },
      generate: (from, to) => copied.slice(from, to),
      keyOf: (i) => copied[i].key,
    };
    const lines = await runFile(knex, () => [edges]);
    expect(lines).toContain(`samples_copied: ${copied.length} created, 0 updated, 0 unchanged`);
    const hashOf = contentHasher(samples);
    const { rows } = await knex.raw(
      `SELECT id, body, tags, doc, seed_content_hash, ${contentHashSql(hashSpecOf(samples), 's')} AS now
       FROM samples s WHERE seed_name = 'samples_copied'`,
    );
    type Row = {
      id: string;
      body: string | null;
      tags: unknown;
      doc: unknown;
      seed_content_hash: string;
      now: string;
    };
    const byId = new Map<string, Row>(rows.map((r: Row) => [r.id, r]));
    for (const item of copied) {
      const row = byId.get(samples.idOf(item.key));
      expect({ key: item.key, body: row?.body, tags: row?.tags, doc: row?.doc }).toEqual({
        key: item.key,
        body: item.body ?? null,
        tags: item.tags ?? null,
        doc: item.doc === undefined ? null : JSON.parse(JSON.stringify(item.doc)),
      });
      expect([row?.seed_content_hash, row?.now]).toEqual([hashOf(item), hashOf(item)]);
    }
    expect(await runFile(knex, () => [edges], { SEED_FORCE: 'true' })).toContain(
      `samples_copied: 0 created, 0 updated, ${copied.length} unchanged`,
    );
  });

  test('an edit is written, an app edit and a lifecycle change are kept; SEED_FORCE resets them', async () => {
    const knex = db().knex();
    await runAll(knex);
    await knex('members')
      .where({ id: members.idOf('linus') })
      .update({ name: 'Linus, the app edit' });
    await knex('members')
      .where({ id: members.idOf('ada') })
      .update({ active: false });
    const data = MEMBERS.map((m) => ({ ...m }));
    data[2].role = 'lead';
    expect(await runFile(knex, () => [memberSeed(data)])).toEqual([
      'members: 0 created, 1 updated, 1 unchanged, 1 edited by the app (kept)',
    ]);
    expect(
      await knex('members')
        .where({ id: members.idOf('grace') })
        .first(),
    ).toMatchObject({ role: 'lead' });
    expect(
      await knex('members')
        .where({ id: members.idOf('linus') })
        .first(),
    ).toMatchObject({
      name: 'Linus, the app edit',
    });
    expect(await runFile(knex, () => [memberSeed(data)], { SEED_FORCE: 'true' })).toEqual([
      'members: 0 created, 2 updated, 1 unchanged',
    ]);
    expect(
      await knex('members')
        .where({ id: members.idOf('linus') })
        .first(),
    ).toMatchObject({ name: 'Linus' });
    expect(
      await knex('members')
        .where({ id: members.idOf('ada') })
        .first(),
    ).toMatchObject({ active: true });
  });

  test('a plan lists what would change and writes nothing', async () => {
    const knex = db().knex();
    await runAll(knex);
    const before = await fingerprint(knex);
    const data = MEMBERS.map((m) => ({ ...m }));
    data[1].team_id = 'design';
    expect(await runFile(knex, () => [memberSeed(data)], { SEED_DRY_RUN: 'true' })).toEqual([
      'Dry run (SEED_DRY_RUN=true): nothing was written. Plan:',
      'members: 0 would be created, 1 would be updated, 2 unchanged',
      '  ~ linus  (update: team_id)',
    ]);
    expect(await fingerprint(knex)).toBe(before);
  });

  test('a content column added by a migration and the description: rows updated in place', async () => {
    const knex = db().knex();
    await runAll(knex);
    await knex.migrate.up({ directory: [...MIGRATIONS, path.join(FIXTURE, 'add-column')] });
    try {
      const withMotto = defineSeedTable<Team & { motto: string }>({
        table: 'teams',
        content: { key: text(), name: text(), motto: text() },
        validate: () => [],
        noun: teams.noun,
      });
      const items = TEAMS.map((t) => ({ ...t, motto: `${t.name} first` }));
      const run = () => runFile(knex, () => [{ kind: 'curated', name: 'teams', table: withMotto, items }]);
      expect(await run()).toEqual(['teams: 0 created, 2 updated, 0 unchanged']);
      expect(await knex('teams').orderBy('key').pluck('motto')).toEqual(['Design first', 'Platform first']);
      expect(await run()).toEqual(['teams: up to date']);
    } finally {
      await knex.migrate.down({ directory: [...MIGRATIONS, path.join(FIXTURE, 'add-column')] });
    }
  });

  test('a column whose declared size would round or cut what the kind allows is SCHEMA_INCOMPATIBLE', async () => {
    const knex = db().knex();
    type Sized = Team & {
      amount?: number;
      loose?: number;
      at?: string;
      at3?: string;
      code?: string;
      letter?: string;
    };
    await knex.raw(
      `ALTER TABLE teams ADD COLUMN amount numeric(12,2), ADD COLUMN loose numeric, ADD COLUMN at timestamptz(0),
         ADD COLUMN at3 timestamptz(3), ADD COLUMN code varchar(3), ADD COLUMN letter char(2)`,
    );
    try {
      const sized = await failure(
        runTeamsAs<Sized>(knex, {
          key: text(),
          name: text(),
          amount: numeric(12, 4),
          loose: numeric(10, 2),
          at: timestamptz(),
          code: varchar(5),
          letter: char(3),
        }),
      );
      expect(sized.format()).toBe(
        [
          'SCHEMA_INCOMPATIBLE: 5 differences between the seed file and the table: write a migration that makes the ' +
            'table match (then `npx knex migrate:latest`), or change the seed file; nothing was written',
          '  - column teams.amount is numeric(12,2), but the seed file describes it as numeric(12,4), the precision and scale the hash reads it at',
          '  - column teams.loose is numeric, but the seed file describes it as numeric(10,2), the precision and scale the hash reads it at',
          '  - column teams.at is timestamp(0) with time zone, but the seed file writes milliseconds, which 0 fractional digits of a second round',
          '  - column teams.code is character varying(3), but the seed file allows 5 characters',
          '  - column teams.letter is character(2), but the seed file allows 3 characters',
        ].join('\n'),
      );
      const unconstrained = await failure(
        runTeamsAs<Sized>(knex, { key: text(), name: text(), amount: numeric() }),
      );
      expect(unconstrained.format()).toMatch(
        /^SCHEMA_INCOMPATIBLE: column teams\.amount is numeric\(12,2\), but the seed file describes it as numeric \(unconstrained\)/,
      );
      // The sizes that hold every value the kinds allow: written, not refused (what it did depends on the tests
      // before it).
      const fitting = await runTeamsAs<Sized>(knex, {
        key: text(),
        name: text(),
        amount: numeric(12, 2),
        loose: numeric(),
        at3: timestamptz(),
        code: varchar(3),
        letter: char(2),
      });
      expect(fitting).toEqual([
        expect.stringMatching(/^teams: (up to date|\d+ created, \d+ updated, \d+ unchanged)/),
      ]);
    } finally {
      await knex.raw(
        'ALTER TABLE teams DROP COLUMN amount, DROP COLUMN loose, DROP COLUMN at, DROP COLUMN at3, DROP COLUMN code, DROP COLUMN letter',
      );
    }
  });

  test('a value a char(n) or varchar(n) column would not store as given is DATA_INVALID before any write', async () => {
    const knex = db().knex();
    type Coded = Team & { code?: string; label?: string; tags?: string[] };
    await knex.raw(
      'ALTER TABLE teams ADD COLUMN code char(3), ADD COLUMN label varchar(4), ADD COLUMN tags varchar(3)[]',
    );
    try {
      const content = { key: text(), name: text(), code: text(), label: text(), tags: textArray() };
      const before = await fingerprint(knex);
      // char(3) would store 'ab ' padded and print it 'ab'; varchar(4) would cut 'ab   ' to 'ab  ' and refuse 'abcde'.
      const spaced: Coded[] = [
        { ...TEAMS[0], code: 'ab ', label: 'ab   ', tags: ['abc', 'abc  '] },
        { ...TEAMS[1], code: 'abc', label: 'abcde' },
      ];
      const refused = await failure(runTeamsAs<Coded>(knex, content, spaced));
      expect(refused.format()).toBe(
        [
          'DATA_INVALID: the teams data set has 4 problem(s); nothing was written — fix them and run again',
          '  - platform.code: ends in a space, which column teams.code (character(3)) does not keep (char pads values with spaces and drops them when read): remove it, or make the column varchar or text',
          '  - platform.label: has 5 characters, more than column teams.label (character varying(4)) holds',
          '  - platform.tags: element 1 has 5 characters, more than column teams.tags (character varying(3)[]) holds',
          '  - design.label: has 5 characters, more than column teams.label (character varying(4)) holds',
        ].join('\n'),
      );
      expect(await fingerprint(knex)).toBe(before);

      // A fallback is what the write takes for an item that leaves the field out: checked as a value.
      const withFallback = await failure(
        runTeamsAs<Coded>(knex, { ...content, label: text('abcde') }, [{ ...TEAMS[0], code: 'abc' }]),
      );
      expect(withFallback.format()).toBe(
        [
          'DATA_INVALID: the teams data set has 1 problem(s); nothing was written — fix them and run again',
          "  - platform.label (the seed file's fallback: the item leaves it out): has 5 characters, more than column teams.label (character varying(4)) holds",
        ].join('\n'),
      );

      // The char kind hashes 'ab ' as the column prints it: written, then up to date.
      const charKind = { ...content, code: char(3) };
      const fitting: Coded[] = [
        { ...TEAMS[0], code: 'ab ', label: 'ab  ' },
        { ...TEAMS[1], code: 'abc', label: 'abcd' },
      ];
      expect(await runTeamsAs<Coded>(knex, charKind, fitting)).toEqual([
        'teams: 2 created, 0 updated, 0 unchanged',
      ]);
      expect(await runTeamsAs<Coded>(knex, charKind, fitting)).toEqual(['teams: up to date']);

      // A generated item is checked as it is generated: the first that does not fit stops the run, every problem
      // of it listed.
      const table = defineSeedTable<Coded>({ table: 'teams', content, validate: () => [], noun: teams.noun });
      const afterCurated = await fingerprint(knex);
      const generated = await failure(
        runFile(knex, () => [
          {
            kind: 'generated',
            name: 'teams_generated',
            table,
            count: 3,
            variant: { version: 1 },
            *generate(from: number, to: number) {
              for (let i = from; i < to; i++)
                yield {
                  key: `generated-${i}`,
                  name: `G${i}`,
                  code: i === 1 ? 'x ' : 'xyz',
                  tags: i === 1 ? ['ab', 'abcd'] : ['ab'],
                };
            },
            keyOf: (i: number) => `generated-${i}`,
          },
        ]),
      );
      expect(generated.format()).toBe(
        [
          'DATA_INVALID: teams_generated: generated team generated-1 is invalid; nothing was written',
          '  - code: ends in a space, which column teams.code (character(3)) does not keep (char pads values with spaces and drops them when read): remove it, or make the column varchar or text',
          '  - tags: element 1 has 4 characters, more than column teams.tags (character varying(3)[]) holds',
        ].join('\n'),
      );
      expect(await fingerprint(knex)).toBe(afterCurated);
    } finally {
      await knex.raw('ALTER TABLE teams DROP COLUMN code, DROP COLUMN label, DROP COLUMN tags');
    }
  });

  test('a description the live table does not match is SCHEMA_INCOMPATIBLE naming table, column and fix', async () => {
    const knex = db().knex();
    const missing = await failure(
      runTeamsAs<Team & { motto?: string }>(knex, { key: text(), name: text(), motto: text() }),
    );
    expect(missing.format()).toBe(
      'SCHEMA_INCOMPATIBLE: table teams has no column motto, which the seed file describes (text): write a ' +
        'migration that makes the table match (then `npx knex migrate:latest`), or change the seed file; nothing was written',
    );
    const wrongType = await failure(runTeamsAs(knex, { key: text(), name: jsonb() }));
    expect(wrongType.format()).toMatch(
      /^SCHEMA_INCOMPATIBLE: column teams\.name is text, but the seed file describes it as jsonb \(jsonb\): write a migration/,
    );
    // Not described, NOT NULL, no default: the seed could not insert a row.
    await knex.raw('ALTER TABLE teams ADD COLUMN founded_year integer NOT NULL');
    try {
      const notNull = await failure(runFile(knex, () => [teamSeed()]));
      expect(notNull.format()).toBe(
        'SCHEMA_INCOMPATIBLE: column teams.founded_year is NOT NULL without a default, and the seed does not write it ' +
          '(the schema, not the data set, needs the fix): give it a default (ALTER TABLE teams ALTER COLUMN ' +
          'founded_year SET DEFAULT ...) or make it nullable (ALTER TABLE teams ALTER COLUMN founded_year DROP NOT ' +
          'NULL); nothing was written',
      );
    } finally {
      await knex.raw('ALTER TABLE teams DROP COLUMN founded_year');
    }
    expect(await knex('seed_guard').pluck('seed_name')).toEqual([]);
    expect(await knex('teams').pluck('id')).toEqual([]);
  });

  test('a prune that would delete a referenced row is refused, naming the rows; nothing is written', async () => {
    const knex = db().knex();
    await runAll(knex);
    const before = await fingerprint(knex);
    const error = await failure(
      runFile(knex, () => [teamSeed(TEAMS.filter((t) => t.key !== 'design'))], { SEED_PRUNE: 'true' }),
    );
    expect(error.format()).toBe(
      `PRUNE_REFUSED: SEED_PRUNE would delete teams design, still referenced by 1 row(s) of members.team_id ` +
        `(id ${members.idOf('grace')}): point those rows elsewhere or delete them first, or keep the items in ` +
        'the data set; if they are rows of another seed whose items left its data set too, prune that seed first ' +
        '(after a run without SEED_PRUNE: SEED_PRUNE=true npx knex seed:run --specific=<its seed file>), then this ' +
        'one; nothing was written',
    );
    expect(await fingerprint(knex)).toBe(before);
    // Once the app points the member elsewhere, the prune goes ahead.
    await knex('members')
      .where({ id: members.idOf('grace') })
      .update({ team_id: teams.idOf('platform') });
    expect(
      await runFile(knex, () => [teamSeed(TEAMS.filter((t) => t.key !== 'design'))], { SEED_PRUNE: 'true' }),
    ).toEqual(['teams: 0 created, 0 updated, 1 unchanged, 1 pruned']);
  });

  test('the app deleted a team and every member: the members seed starts over and is refused, naming the ways out', async () => {
    const knex = db().knex();
    await runAll(knex);
    await knex('samples').del();
    await knex('members').del();
    await knex('teams')
      .where({ id: teams.idOf('design') })
      .del();
    const before = await fingerprint(knex);
    // The teams seed reports the team deleted by the app; the members table is empty: a reset re-creates every
    // member, and design's have no team.
    const refused = await failure(runFile(knex, () => [teamSeed(), memberSeed()]));
    expect(refused.format()).toBe(
      `SEED_ORDER: a members row refers to a teams row that is not in the table (foreign key members_team_id_foreign: ` +
        `Key (team_id)=(${teams.idOf('design')}) is not present in table "teams"): run the seed of teams first; if the ` +
        'app deleted that row, SEED_FORCE=true re-creates it (with every row the app deleted), or remove the item ' +
        'that refers to it from the data set; nothing was written',
    );
    expect(await fingerprint(knex)).toBe(before);
    // Without design's members in the data set, the run goes through.
    const rest = MEMBERS.filter((m) => m.team_id !== 'design');
    expect(await runFile(knex, () => [teamSeed(), memberSeed(rest)])).toContain(
      `members: ${rest.length} created, 0 updated, 0 unchanged`,
    );
  });

  test('a table two seed files write, truncated: both start over in one knex seed:run', async () => {
    const knex = db().knex();
    const more = (): SeedSource[] => [
      { kind: 'curated', name: 'more_teams', table: teams, items: [{ key: 'support', name: 'Support' }] },
    ];
    const seedRun = async () => {
      beginSeedRun();
      try {
        return [...(await runFile(knex, () => [teamSeed()])), ...(await runFile(knex, more))];
      } finally {
        endSeedRun();
      }
    };
    const first = [
      'teams: 2 created, 0 updated, 0 unchanged',
      'more_teams: 1 created, 0 updated, 0 unchanged',
    ];
    expect(await seedRun()).toEqual(first);
    await knex.raw('TRUNCATE samples, members, teams');
    // The first file re-creates its teams before the second looks: the table was empty when the seed:run began.
    expect(await seedRun()).toEqual(first);
    expect(await seedRun()).toEqual(['teams: up to date', 'more_teams: up to date']);
  });

  test('another seed file that cannot load does not stop a file without a ref; the files that load are still checked', async () => {
    const knex = db().knex();
    // Inside the project, where the files' `job-postings-seed/engine` resolves (a directory elsewhere loads none).
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const directory = fs.mkdtempSync(path.join(ROOT, '.tmp', 'seed-set-wip-'));
    try {
      fs.copyFileSync(path.join(SEEDS, '01_teams.ts'), path.join(directory, '01_teams.ts'));
      // Work in progress beside it, as an unedited `knex seed:make` stub or a file mid-edit would be.
      fs.writeFileSync(path.join(directory, '09_wip.ts'), "throw new Error('work in progress');\n");
      expect(await runFile(knex, () => [teamSeed()], {}, directory)).toEqual([
        'teams: 2 created, 0 updated, 0 unchanged',
      ]);
      // A copy of the teams file under the same seed name is still found beside the file that cannot load.
      fs.copyFileSync(path.join(SEEDS, '01_teams.ts'), path.join(directory, '05_teams_copy.ts'));
      const shared = await failure(runFile(knex, () => [teamSeed()], {}, directory));
      expect(shared.format()).toMatch(
        /^SEED_NAME_INVALID: seed name teams is used by .*01_teams\.ts and .*05_teams_copy\.ts/,
      );
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  test('bad values and keys not in the referenced data set fail before any write, all listed', async () => {
    const knex = db().knex();
    await runAll(knex);
    const before = await fingerprint(knex);
    const data: Member[] = [
      ...MEMBERS,
      { key: 'ghost', team_id: 'nowhere', name: 'Ghost', role: 'boss' as Member['role'] },
    ];
    const error = await failure(runFile(knex, () => [memberSeed(data)]));
    expect(error.format()).toBe(
      [
        'DATA_INVALID: the members data set has 2 problem(s); nothing was written — fix them and run again',
        '  - ghost.team_id: teams has no item with key nowhere',
        '  - ghost.role: must be one of lead, engineer, designer',
      ].join('\n'),
    );
    const samplesError = await failure(
      runFile(knex, () => [sampleSeed([{ key: 'bad', count: 2 ** 31, day: '2023-02-29', at: 'yesterday' }])]),
    );
    expect(samplesError.details).toEqual([
      'bad.count: must be a whole number of 32 bits',
      'bad.day: must be a date written YYYY-MM-DD',
      'bad.at: must be a Date or an ISO 8601 time with its offset, in years 1-9999',
    ]);
    expect(await fingerprint(knex)).toBe(before);
  });

  test('a description without validate is checked by the engine alone', async () => {
    const knex = db().knex();
    const plain = defineSeedTable<Team>({
      table: 'teams',
      content: { key: text(), name: text() },
      noun: teams.noun,
    });
    const run = (items: readonly Team[]) =>
      runFile(knex, () => [{ kind: 'curated', name: 'teams', table: plain, items }]);
    // A blank name is the teams description's own problem: without its validate, the row is written.
    expect(await run([...TEAMS, { key: 'blank', name: ' ' }])).toEqual([
      'teams: 3 created, 0 updated, 0 unchanged',
    ]);
    // The engine's own checks stay: the key, each value's kind.
    const error = await failure(run([{ key: 'Not A Key', name: 42 as unknown as string }]));
    expect(error.format()).toBe(
      [
        'DATA_INVALID: the teams data set has 2 problem(s); nothing was written — fix them and run again',
        '  - Not A Key.key: must be lower-case kebab-case',
        '  - Not A Key.name: must be a string',
      ].join('\n'),
    );
  });

  test('a generated seed is a referenced data set too: its keys by index, checked before any write', async () => {
    const knex = db().knex();
    const moreTeams = (count: number): SeedSource => ({
      kind: 'generated',
      name: 'teams_generated',
      table: teams,
      count,
      variant: { version: 1 },
      *generate(from, to) {
        for (let i = from; i < to; i++) yield { key: `team-${i}`, name: `Team ${i}` };
      },
      keyOf: (i) => `team-${i}`,
    });
    const member = (team: string): Member => ({
      key: 'newcomer',
      team_id: team,
      name: 'Newcomer',
      role: 'engineer',
    });
    await runFile(knex, () => [teamSeed()]); // 01_teams.ts seeds the table too: it runs first
    const before = await fingerprint(knex);
    const error = await failure(runFile(knex, () => [moreTeams(3), memberSeed([member('team-3')])]));
    expect(error.details).toEqual(['newcomer.team_id: teams has no item with key team-3']);
    expect(await fingerprint(knex)).toBe(before);
    expect(await runFile(knex, () => [moreTeams(3), memberSeed([member('team-2')])])).toEqual([
      'teams_generated: 3 created, 0 updated, 0 unchanged',
      'members: 1 created, 0 updated, 0 unchanged',
    ]);
    expect(
      await knex('members')
        .where({ id: members.idOf('newcomer') })
        .first(),
    ).toMatchObject({
      team_id: teams.idOf('team-2'),
    });
  });

  test('the dependency order: a referenced seed that has not run, or sorts after, is one line', async () => {
    const knex = db().knex();
    const notRun = await failure(runFile(knex, () => [memberSeed()]));
    expect(notRun.format()).toBe(
      `SEED_ORDER: ${path.relative(process.cwd(), path.join(SEEDS, '02_members.ts'))} refers to teams rows of seed ` +
        `teams (${path.relative(process.cwd(), path.join(SEEDS, '01_teams.ts'))}), which has not run yet: run ` +
        '`npx knex seed:run` (every seed file, in order); nothing was written',
    );
    const wrong = path.join(FIXTURE, 'wrong-order');
    const order = await failure(runFile(knex, () => [memberSeed()], {}, wrong));
    const rel = (f: string) => path.relative(process.cwd(), path.join(wrong, f));
    expect(order.format()).toBe(
      `SEED_ORDER: ${rel('01_members.ts')} refers to teams (column members.team_id), which ${rel('02_teams.ts')} ` +
        `seeds, but knex runs ${rel('02_teams.ts')} after it: rename the files so ${rel('02_teams.ts')} sorts ` +
        'first; nothing was written',
    );
    expect(await knex('seed_guard').pluck('seed_name')).toEqual([]);
    expect(await knex('members').pluck('id')).toEqual([]);
  });

  test('two seeds under one name (two files, or one run) are refused before any write, naming both', async () => {
    const knex = db().knex();
    await runFile(knex, () => [teamSeed()]);
    const before = await fingerprint(knex);
    // A second teams file from the seed:make stub names its seed after the table, as 01_teams.ts does: each
    // run would take the other's rows for rows that left its data set, and SEED_PRUNE=true delete them.
    const shared = path.join(FIXTURE, 'shared-name');
    const rel = (f: string) => path.relative(process.cwd(), path.join(shared, f));
    const expected =
      `SEED_NAME_INVALID: seed name teams is used by ${rel('01_teams.ts')} and ${rel('02_more_teams.ts')}: a ` +
      "seed's guard row (seed_guard) and its rows' seed_name are keyed by its name, so each would take the " +
      "other's rows for rows that left its data set, and SEED_PRUNE=true would delete them: give one of them " +
      '(the one added last) another `name` in its sources; nothing was written';
    for (const file of ['01_teams.ts', '02_more_teams.ts']) {
      const { sources } = await import(path.join(shared, file));
      const error = await failure(runFile(knex, sources, { SEED_PRUNE: 'true' }, shared));
      expect(error.format()).toBe(expected);
    }
    expect(await fingerprint(knex)).toBe(before);
    // db:status, seed:report and seed:export read the directory through the same check.
    await expect(seedsOfDirectory({ directory: shared }, [], readSeedOptions({}))).rejects.toMatchObject({
      code: 'SEED_NAME_INVALID',
    });
    // Two sources of one run.
    const twice = await failure(runFile(knex, () => [teamSeed(), teamSeed(TEAMS.slice(0, 1))]));
    expect(twice.format()).toMatch(
      /^SEED_NAME_INVALID: seed name teams is used twice by the sources of this run: .*; nothing was written$/,
    );
    expect(await fingerprint(knex)).toBe(before);
  });

  test('a seed name longer than seed_guard.seed_name holds (63 characters) is refused before any write', async () => {
    const knex = db().knex();
    const named = (name: string): SeedSource => ({ ...teamSeed(), name });
    const long = `teams_${'x'.repeat(58)}`;
    const error = await failure(runFile(knex, () => [named(long)]));
    expect(error.format()).toBe(
      `SEED_NAME_INVALID: seed name ${long} is 64 characters long, and seed_guard and the seed_name column hold ` +
        'at most 63 (varchar(63)): give it a shorter `name` in its sources; nothing was written',
    );
    expect(await knex('seed_guard').pluck('seed_name')).toEqual([]);
    expect(await knex('teams').pluck('id')).toEqual([]);
    // varchar(63) counts characters: 63 of two bytes each fit.
    const longest = `teams_${'é'.repeat(57)}`;
    expect(await runFile(knex, () => [named(longest)])).toEqual([
      `${longest}: 2 created, 0 updated, 0 unchanged`,
    ]);
    expect(await knex('seed_guard').pluck('seed_name')).toEqual([longest]);
  });

  test('db:status, seed:report and seed:export see every seed of the directory', async () => {
    const knex = db().knex();
    await runAll(knex);
    // Whatever the session prints timestamps, dates and floats as, status reads the hashes as the seed wrote them.
    const all = await loadSeedSet(knex);
    const recorded = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
    const inSync = await knex.transaction(async (trx) => {
      await trx.raw(`SET LOCAL TimeZone = 'Australia/Sydney'`);
      await trx.raw(`SET LOCAL DateStyle = 'SQL, DMY'`);
      await trx.raw('SET LOCAL extra_float_digits = 0');
      return seedStatusLines(trx, all, readSeedOptions({}), recorded);
    });
    expect(inSync.map((l) => l.replace(/^ {2}(\w+): .*; /, '$1: '))).toEqual([
      'teams: in sync with the repo',
      'members: in sync with the repo',
      'samples: in sync with the repo',
      'samples_generated: in sync with the repo',
    ]);
    await knex('samples')
      .where({ id: samples.idOf('plain') })
      .del();
    const files = await loadSeedSet(knex);
    expect(files.map((f) => path.basename(f.path))).toEqual([
      '01_teams.ts',
      '02_members.ts',
      '03_samples.ts',
    ]);
    // `--specific=FILE`, as knex takes it: that file only.
    const specific = await loadSeedSet(
      knex,
      seedDirectoryArgs(['node', 'db-status.ts', '--specific=02_members.ts']),
    );
    expect(specific.map((f) => path.basename(f.path))).toEqual(['02_members.ts']);
    const options = readSeedOptions({});
    const guards = new Map((await listGuards(knex)).map((g) => [g.seed_name, g]));
    const status = await seedStatusLines(knex, files, options, guards);
    expect(status.map((l) => l.replace(/checksum \w+, last applied .*\), /, ''))).toEqual([
      '  teams: 2 rows owned; in sync with the repo',
      '  members: 3 rows owned; in sync with the repo',
      '  samples: 3 rows owned after the last run, 2 with its name in the table now; the table changed since: run `npx knex seed:run`',
      '  samples_generated: 5 rows owned; in sync with the repo',
    ]);
    const report = await seedColumnsReport(
      knex,
      sourcesOfSet(files, options).map((s) => s.source),
    );
    expect(report.find((r) => r.seed === 'members')).toEqual({
      seed: 'members',
      table: 'members',
      rows: 3,
      columns: [
        { name: 'team_id', nulls: 0, distinct: 2 },
        { name: 'name', nulls: 0, distinct: 3 },
        { name: 'role', nulls: 0, distinct: 3 },
      ],
    });
    expect(report.find((r) => r.seed === 'samples')?.columns.find((c) => c.name === 'tags')).toEqual({
      name: 'tags',
      nulls: 1,
      distinct: 1,
    });
    expect(formatSeedColumns(report)).toContain('members (members): 3 rows');
    // The export is what the rows hold: ids, a lifecycle column's start value, a ref column's id.
    const exported = exportSeed(memberSeed());
    const rows = await knex('members').orderBy('name').select('id', 'team_id', 'name', 'role', 'active');
    expect(rows).toEqual(
      exported
        .map(({ id, team_id, name, role, active }) => ({ id, team_id, name, role, active }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    );
  });

  test('a plan over several seed files prints its header once per knex seed:run', async () => {
    const knex = db().knex();
    beginSeedRun();
    const plan = await runAll(knex, { SEED_DRY_RUN: 'true' }).finally(endSeedRun);
    expect(plan.filter((l) => l.startsWith('Dry run'))).toEqual([
      'Dry run (SEED_DRY_RUN=true): nothing was written. Plan:',
    ]);
    expect(plan[0]).toBe('Dry run (SEED_DRY_RUN=true): nothing was written. Plan:');
    // Planned in order: the members are compared as if the teams were there, as the real run will find them.
    expect(plan).toContain('teams: 2 would be created, 0 would be updated, 0 unchanged');
    expect(plan).toContain('members: 3 would be created, 0 would be updated, 0 unchanged');
    expect(await knex('seed_guard').pluck('seed_name')).toEqual([]);
  });
});

// Only a process shows what the knex CLI prints with DEBUG=1: the one line, and the stack under it.
describeServer('DEBUG=1 under knex seed:run [postgres]', () => {
  test('a failed seed file prints its one line, then (DEBUG=1 only) the stack and its causes', async () => {
    const db = await createScratchDatabase('postgres', 'debug_stack');
    try {
      // Without DEBUG the error's stack, which the knex CLI prints, is its one line: in-process here (the CLI
      // printing a seed error's one line and no stack, as a process: test/tls.test.ts, test/target.test.ts).
      const plain = await seedErrorOf(seedFile(db.knex()));
      expect(plain.stack).toBe(plain.format());
      expect(plain.stack).toMatch(/^SCHEMA_MISSING: table job_postings and seed_guard does not exist/);
      expect(plain.stack).not.toMatch(/\n\s+at /);
      const debug = await knexCli(['seed:run'], { ...db.env, DEBUG: '1' });
      expect(debug.code).toBe(1);
      // The one line once, then the frames under it.
      expect(
        debug.stderr.match(/^SCHEMA_MISSING: table job_postings and seed_guard does not exist/gm),
      ).toHaveLength(1);
      expect(debug.stderr).toMatch(
        /^SCHEMA_MISSING: table job_postings and seed_guard does not exist.*\n\s+at /m,
      );
      expect(debug.stderr).toMatch(/\n\s+at .*schema-check/);
    } finally {
      await db.drop();
    }
  });
});
