import { ADMIN_URL, SERVER_REQUIRED, serverAvailable, targetKinds } from './databases';
import { preparePGliteTemplate } from './pglite-template';
import { prepareScratchRun } from './scratch-dirs';

/** Outside CI, a machine without the server runs the embedded suites only, and says so. In CI, it fails. */
export default async function globalSetup(): Promise<void> {
  prepareScratchRun();
  if (targetKinds().includes('pglite')) await preparePGliteTemplate();
  if (!targetKinds().includes('postgres')) {
    if (SERVER_REQUIRED) throw new Error('CI runs the server suites: TEST_TARGETS must include postgres');
    return;
  }
  if (await serverAvailable()) return;
  if (SERVER_REQUIRED)
    throw new Error(`PostgreSQL at ${new URL(ADMIN_URL).host} is required but unreachable`);
  console.warn(`\nNo PostgreSQL at ${new URL(ADMIN_URL).host}: running the embedded (PGlite) suites only.\n`);
  process.env.TEST_TARGETS = targetKinds()
    .filter((t) => t !== 'postgres')
    .join(',');
}
