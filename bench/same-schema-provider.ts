/**
 * A second floor for the scale benchmark: a provider that serves didops' own schemas through didops' own plugin
 * server but does no work (no carrier, no checks): plan proposes what Terraform proposed, apply invents an id, read
 * returns the state as it was. Measured beside `terraform_data` and the real provider, it splits the time into
 * terraform's own cost (terraform_data), what Terraform and the plugin protocol cost for a resource of this schema
 * (this provider), and what the didops provider adds on top (the real one).
 *
 * Served through the DIDOPS_TF_TEST_IMPL hook of provider/terraform/main.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNKNOWN, type TerraformProviderImplementation, type TfObject, type TfProviderSchemas } from '../provider/terraform/server/types';

let nextId = 0;

/** The no-op provider (the hook's entry point). */
export function createProvider(): TerraformProviderImplementation {
  const schemas = JSON.parse(readFileSync(join(__dirname, '..', 'provider', 'terraform', 'schemas.json'), 'utf8')) as TfProviderSchemas;
  return {
    schemas: () => schemas,
    validateProviderConfig: async () => ({}),
    configureProvider: async () => ({}),
    validateResourceConfig: async () => ({}),
    validateDataResourceConfig: async () => ({}),
    upgradeResourceState: async (_type, _version, raw) => ({ upgradedState: JSON.parse(raw) as TfObject }),
    readResource: async (_type, state) => ({ newState: state }),
    planResourceChange: async ({ priorState, proposedNewState }) => {
      if (proposedNewState === null) return { plannedState: null };
      return { plannedState: { ...proposedNewState, id: priorState ? priorState.id : UNKNOWN } };
    },
    applyResourceChange: async ({ plannedState }) => {
      if (plannedState === null) return { newState: null };
      return { newState: { ...plannedState, id: plannedState.id === UNKNOWN ? `noop-${process.pid}-${nextId++}` : plannedState.id } };
    },
    importResourceState: async () => ({ importedResources: [] }),
    readDataSource: async (_type, config) => ({ state: config }),
    stopProvider: async () => undefined,
  };
}
