import type * as KnexTargetModule from '../db/knex-target';
import type * as StagingModule from './staging';
import type * as WriteModule from './write';

// The one place the engine loads modules lazily, each typed here by its module's own exports. A no-op run (the
// common case) never loads the write path; a run that succeeds never loads the error's target description.

/** What a step needs to converge: the staging tables and the writers (staging, plan, write, COPY). */
export interface WritePath {
  staging: typeof StagingModule;
  write: typeof WriteModule;
}

/** Loads the write path: only when a step has something to converge. */
export function loadWritePath(): WritePath {
  return { staging: require('./staging'), write: require('./write') };
}

/** Loads `targetOfKnex`: only when a run failed and its error needs the database named. */
export function loadKnexTarget(): typeof KnexTargetModule {
  return require('../db/knex-target');
}
