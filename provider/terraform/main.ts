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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveTerraformProvider } from './server/serve';
import type { TerraformProviderImplementation, TfProviderSchemas } from './server/types';

/** Loads the implementation Terraform is served. */
export function loadImplementation(env: NodeJS.ProcessEnv = process.env): TerraformProviderImplementation {
  const testModule = env.DIDOPS_TF_TEST_IMPL;
  if (testModule) {
    const mod = require(testModule) as { createProvider: () => TerraformProviderImplementation };
    return mod.createProvider();
  }
  return withCachedSchemas(
    // A require, not an import: the implementation (zod, libphonenumber, handlers: ~165 ms) loads only when an RPC
    // needs more than the schemas.
    () => (require('./provider') as typeof import('./provider')).createDidopsTerraformProvider(),
    join(__dirname, SCHEMA_CACHE_FILE),
  );
}

/** Where the build writes the provider's schemas, next to the compiled main.js. */
export const SCHEMA_CACHE_FILE = 'schemas.json';

/**
 * The implementation behind a schema cache. Terraform starts the provider 3–4 times per command and several of those
 * processes only ask for the schemas; serving them from the JSON the build wrote spares each such process loading the
 * implementation. The first other call loads it. Without the file (running from sources) the real schemas are used.
 */
export function withCachedSchemas(load: () => TerraformProviderImplementation, cacheFile: string): TerraformProviderImplementation {
  let real: TerraformProviderImplementation | undefined;
  const impl = (): TerraformProviderImplementation => (real ??= load());
  let cached: TfProviderSchemas | undefined;
  try {
    cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as TfProviderSchemas;
  } catch {
    cached = undefined;
  }
  return {
    schemas: () => cached ?? impl().schemas(),
    validateProviderConfig: (config) => impl().validateProviderConfig(config),
    configureProvider: (config, version) => impl().configureProvider(config, version),
    validateResourceConfig: (type, config) => impl().validateResourceConfig(type, config),
    validateDataResourceConfig: (type, config) => impl().validateDataResourceConfig(type, config),
    upgradeResourceState: (type, version, raw) => impl().upgradeResourceState(type, version, raw),
    readResource: (type, state, priv) => impl().readResource(type, state, priv),
    planResourceChange: (request) => impl().planResourceChange(request),
    applyResourceChange: (request) => impl().applyResourceChange(request),
    importResourceState: (type, id) => impl().importResourceState(type, id),
    readDataSource: (type, config) => impl().readDataSource(type, config),
    // Nothing runs before the implementation is loaded, so there is nothing to stop.
    stopProvider: async () => (real ? real.stopProvider() : undefined),
  };
}

if (require.main === module) {
  serveTerraformProvider(() => loadImplementation()).catch((err: unknown) => {
    process.stderr.write(`didops provider: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
