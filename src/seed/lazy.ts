import type * as KnexTargetModule from '../db/knex-target';
import type * as IndexRebuildModule from './index-rebuild';
import type * as NarrowCompareModule from './narrow-compare';
import type * as StagingModule from './staging';
import type * as WriteModule from './write';

// The one place the engine loads modules lazily, each typed here by its module's own exports. A no-op run (the
// common case) never loads the write path; a run that succeeds never loads the error's target description.

/**
 * What a step needs to converge: the staging tables and the writers (staging, plan, write, COPY), and the bulk
 * paths of generated seeds (index-after-load, hashes first).
 */
export interface WritePath {
  staging: typeof StagingModule;
  write: typeof WriteModule;
  indexes: typeof IndexRebuildModule;
  narrow: typeof NarrowCompareModule;
}

/** Loads the write path: only when a step has something to converge. */
export function loadWritePath(): WritePath {
  return {
    staging: require('./staging'),
    write: require('./write'),
    indexes: require('./index-rebuild'),
    narrow: require('./narrow-compare'),
  };
}

/** Loads `targetOfKnex`: only when a run failed and its error needs the database named. */
export function loadKnexTarget(): typeof KnexTargetModule {
  return require('../db/knex-target');
}
