/** Pulumi tests need the build: a serialized provider loads the compiled host, which runs in plain Node. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Fails unless dist/ holds the compiled host (Node cannot load the .ts sources): run `npm run build` first. */
export function expectBuiltHost(): void {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'provider', 'pulumi', 'host.js'))) throw new Error('run `npm run build` before this test');
}
