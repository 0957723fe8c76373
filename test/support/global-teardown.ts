import { removeScratchRun } from './scratch-dirs';

/** Removes the run's scratch directories (see test/support/scratch-dirs.ts). */
export default async function globalTeardown(): Promise<void> {
  removeScratchRun();
}
