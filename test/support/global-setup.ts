import { ADMIN_URL, SERVER_REQUIRED, serverAvailable, targetKinds } from './databases';
import { preparePGliteTemplate } from './pglite-template';
import { prepareScratchRun } from './scratch-dirs';
import { prepareServerTemplate } from './server-template';

/**
 * Makes the run's scratch directory and the migrated templates the test files copy. Outside CI, a machine
 * without the server runs the embedded suites only, and says so. In CI, it fails.
 */
export default async function globalSetup(): Promise<void> {
  prepareScratchRun();
  await Promise.all([
    targetKinds().includes('pglite') ? preparePGliteTemplate() : undefined,
    serverUp().then((up) => (up ? prepareServerTemplate(ADMIN_URL) : undefined)),
  ]);
}

async function serverUp(): Promise<boolean> {
  if (!targetKinds().includes('postgres')) {
    if (SERVER_REQUIRED) throw new Error('CI runs the server suites: TEST_TARGETS must include postgres');
    return false;
  }
  if (await serverAvailable()) return true;
  if (SERVER_REQUIRED)
    throw new Error(`PostgreSQL at ${new URL(ADMIN_URL).host} is required but unreachable`);
  console.warn(`\nNo PostgreSQL at ${new URL(ADMIN_URL).host}: running the embedded (PGlite) suites only.\n`);
  process.env.TEST_TARGETS = targetKinds()
    .filter((t) => t !== 'postgres')
    .join(',');
  return false;
}
