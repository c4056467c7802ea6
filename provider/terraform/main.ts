#!/usr/bin/env node
/**
 * terraform-provider-didops: the executable Terraform starts (through the launcher the build puts next to it).
 *
 *     terraform-provider-didops            started by Terraform (refuses to run otherwise)
 *     terraform-provider-didops --debug    reattach mode: prints TF_REATTACH_PROVIDERS, runs until Ctrl-C
 *
 * The implementation is loaded on the first RPC, after the handshake line, so its imports (carrier SDKs...) do
 * not delay Terraform's start-up of the plugin. DIDOPS_TF_TEST_IMPL=/path/to/module.js serves that module's
 * `createProvider()` instead of ./provider: a test hook, used by test/integration/terraform-server.test.ts.
 */
import { serveTerraformProvider } from './server/serve';
import type { TerraformProviderImplementation } from './server/types';

/** Loads the implementation Terraform is served. */
export function loadImplementation(env: NodeJS.ProcessEnv = process.env): TerraformProviderImplementation {
  const testModule = env.DIDOPS_TF_TEST_IMPL;
  if (testModule) {
    const mod = require(testModule) as { createProvider: () => TerraformProviderImplementation };
    return mod.createProvider();
  }
  // A require, not an import: the implementation (carrier SDK, zod...) loads on the first RPC, after the handshake.
  const mod = require('./provider') as typeof import('./provider');
  return mod.createDidopsTerraformProvider();
}

if (require.main === module) {
  serveTerraformProvider(() => loadImplementation()).catch((err: unknown) => {
    process.stderr.write(`didops provider: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
