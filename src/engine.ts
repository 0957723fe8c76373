/**
 * The seed engine, as seed files import it: `import { defineSeedTable, text, ref, runSeedFile } from
 * 'job-postings-seed/engine'`. One table description per table, its data set as sources, and `runSeedFile`;
 * docs/seed-engine.md has a complete example.
 */
export type { SeedOptions } from './config';
export { addSeedWriteLog, dropSeedWriteLog, updateSeedWriteLog } from './seed/guard/write-log';
export { type EntryIo, runSeedFile } from './seed/run/run-seed';
export type { SeedFile, SourcesOf } from './seed/run/seed-set';
export type { Column } from './seed/table/columns';
export {
  bigint,
  boolean,
  char,
  date,
  double,
  enumeration,
  integer,
  jsonb,
  jsonbStrings,
  numeric,
  real,
  ref,
  text,
  textArray,
  timestamptz,
  uuid,
  varchar,
} from './seed/table/columns';
export type {
  CuratedSource,
  GeneratedSource,
  KeyedItem,
  SeedSource,
  SeedTable,
  SeedTableSpec,
} from './seed/table/description';
export { defineSeedTable, idFor } from './seed/table/description';
