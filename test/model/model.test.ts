import fc from 'fast-check';
import { describeEachMigratedTarget } from '../support/databases';
import { commandArbs, freshStart, type Real } from './commands';
import { modelReal } from './setup';

/**
 * Runs in `npm test`: few, fixed sequences. A soak: SEED_FUZZ_RUNS=N (a random seed, printed; SEED_FUZZ_SEED to
 * replay), SEED_FUZZ_MAX_COMMANDS (default 10), SEED_FUZZ_IGNORE (kinds of disagreement to skip).
 */
const RUNS = Number(process.env.SEED_FUZZ_RUNS ?? 12);
const SEED = process.env.SEED_FUZZ_SEED
  ? Number(process.env.SEED_FUZZ_SEED)
  : process.env.SEED_FUZZ_RUNS
    ? Date.now() % 2 ** 31
    : 20261130;

describeEachMigratedTarget('model-based: what the seed and db:status print is true of the table', (db) => {
  let real: Real | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ real, drop } = await modelReal(db(), 'model'));
  });
  afterAll(async () => {
    await drop?.();
  });

  test(`random sequences of runs, app actions and concurrent runs (${RUNS} runs, seed ${SEED})`, async () => {
    const r = real as Real;
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbs(), { maxCommands: Number(process.env.SEED_FUZZ_MAX_COMMANDS ?? 10) }),
        async (cmds) => {
          await fc.asyncModelRun(() => freshStart(r), cmds);
        },
      ),
      { numRuns: RUNS, seed: SEED, verbose: 1 },
    );
  }, 3_600_000);
});
