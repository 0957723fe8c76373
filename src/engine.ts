/**
 * The seed engine, as seed files import it: `import { defineSeedTable, text, ref, runSeedFile } from
 * 'job-postings-seed/engine'`. One table description per table, its data set as sources, and `runSeedFile`;
 * docs/seed-engine.md has a complete example.
 */
export type { SeedOptions } from './config';
export type { Column } from './seed/columns';
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
} from './seed/columns';
export { type EntryIo, runSeedFile } from './seed/run';
export type { SeedFile, SourcesOf } from './seed/seed-set';
export type {
  CuratedSource,
  GeneratedSource,
  KeyedItem,
  SeedSource,
  SeedTable,
  SeedTableSpec,
} from './seed/table';
export { defineSeedTable, idFor } from './seed/table';
