/** Builds the test inventory template once, before jest starts its workers, so suites only copy it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSandboxDatabase } from '../../src/sandbox/store/database';
import { TEST_INVENTORY_SIZE, TEST_SEED } from './sandbox';

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'didops-template-'));
  openSandboxDatabase({ dataDir: dir, seed: TEST_SEED, inventorySize: TEST_INVENTORY_SIZE }).close();
  rmSync(dir, { recursive: true, force: true });
}
