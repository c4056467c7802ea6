/**
 * The didops Terraform provider: schemas and resource logic behind the plugin server (server/), which speaks
 * tfplugin6 over gRPC and hands this object plain values. The carriers and the billing provider are set up once, in
 * ConfigureProvider (each SDK loaded on first use), and every resource and data source uses them through the
 * handlers the Pulumi provider runs.
 */
import { unconfiguredBilling } from '../../src/billing/billing-config';
import { unconfiguredCarrierSet, type CarrierSet } from '../../src/carriers/carrier-set';
import { DidopsError } from '../../src/core/errors';
import { resourceDependencies, type ResourceDependencies } from '../dependencies';
import { PROVIDER_ATTRIBUTES, resolveProviderSettings, validateProviderBlock, type ProviderEnvironment } from './config';
import { availableNumbersDataSource } from './data-sources/available-numbers';
import type { TerraformDataSource } from './data-sources/data-source';
import { numberPricingDataSource } from './data-sources/number-pricing';
import { toTfDiagnostics } from './diagnostics';
import { billingAccountResource } from './resources/billing-account';
import { billingSubscriptionResource } from './resources/billing-subscription';
import { emergencyAddressResource } from './resources/emergency-address';
import type { ResourceRuntime, TerraformResource } from './resources/handler-resource';
import { OwnershipClaims } from './resources/ownership-claims';
import { phoneNumberResource } from './resources/phone-number';
import { rateCardResource } from './resources/rate-card';
import { routingPlanResource } from './resources/routing-plan';
import { schemaOf } from './schema/attributes';
import type { TerraformProviderImplementation, TfProviderSchemas, WithDiagnostics } from './server/types';

/** Options of {@link createDidopsTerraformProvider}; tests pass their own environment. */
export interface DidopsTerraformProviderOptions {
  /** Environment for the `DIDOPS_*` fallbacks and the workspace (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** Directory holding `.terraform/` (default: the process's working directory, where Terraform starts providers). */
  cwd?: string;
}

const PROVIDER_DESCRIPTION =
  'didops: telephone numbers as code, on Twilio and Telnyx (`carrier` on each resource, `default_carrier` here). Buys, configures and releases numbers (`didops_phone_number`) and emergency addresses (`didops_emergency_address`), ' +
  'deploys routing plans as Twilio Studio flows (`didops_routing_plan`), ' +
  'searches what is for sale (`didops_available_numbers`) and prices it (`didops_number_pricing`), ' +
  'and bills numbers and minutes on Stripe: rate cards (`didops_rate_card`), customers (`didops_billing_account`) and subscriptions (`didops_billing_subscription`). Every attribute can also come from a `DIDOPS_*` environment variable.';

/** The didops provider, ready for the plugin server. */
export function createDidopsTerraformProvider(options: DidopsTerraformProviderOptions = {}): TerraformProviderImplementation {
  const environment: ProviderEnvironment = { env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() };
  let dependencies: ResourceDependencies | undefined;
  let scope = 'default';
  let controller = new AbortController();

  const runtime: ResourceRuntime = {
    configuredDependencies: () => dependencies,
    offlineDependencies: { carriers: unconfiguredCarrierSet(), billing: unconfiguredBilling() },
    scope: () => scope,
    claims: new OwnershipClaims(),
    signal: () => controller.signal,
  };
  const configured = (): CarrierSet => {
    if (!dependencies) throw new DidopsError({ summary: 'the didops provider is not configured', detail: 'Terraform configures the provider before it reads data sources' });
    return dependencies.carriers;
  };

  const resources = new Map<string, TerraformResource>(
    [phoneNumberResource(runtime), emergencyAddressResource(runtime), routingPlanResource(runtime), rateCardResource(runtime), billingAccountResource(runtime), billingSubscriptionResource(runtime)].map((r) => [r.typeName, r]),
  );
  const dataSources = new Map<string, TerraformDataSource>([availableNumbersDataSource(configured), numberPricingDataSource(configured)].map((d) => [d.typeName, d]));

  const resourceOf = (typeName: string): TerraformResource => {
    const resource = resources.get(typeName);
    if (!resource) throw new DidopsError({ summary: `the didops provider has no resource type ${typeName}`, detail: `it has ${[...resources.keys()].join(', ')}` });
    return resource;
  };
  const dataSourceOf = (typeName: string): TerraformDataSource => {
    const dataSource = dataSources.get(typeName);
    if (!dataSource) throw new DidopsError({ summary: `the didops provider has no data source ${typeName}`, detail: `it has ${[...dataSources.keys()].join(', ')}` });
    return dataSource;
  };

  /** Runs one RPC; an unexpected throw becomes diagnostics next to `fallback`'s result rather than a failed call. */
  async function guarded<R extends WithDiagnostics>(fallback: NoInfer<Omit<R, 'diagnostics'>>, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      return { ...fallback, diagnostics: toTfDiagnostics(err) } as R;
    }
  }

  let schemas: TfProviderSchemas | undefined;

  return {
    schemas() {
      schemas ??= {
        provider: schemaOf(PROVIDER_DESCRIPTION, PROVIDER_ATTRIBUTES),
        resourceSchemas: Object.fromEntries([...resources.values()].map((r) => [r.typeName, r.schema()])),
        dataSourceSchemas: Object.fromEntries([...dataSources.values()].map((d) => [d.typeName, d.schema()])),
      };
      return schemas;
    },

    async validateProviderConfig(config) {
      return { diagnostics: validateProviderBlock(config) };
    },

    async configureProvider(config) {
      return guarded({}, async () => {
        // A configure starts a graph walk: keys claimed by the previous walk's plans do not carry over.
        runtime.claims.reset();
        const { settings, diagnostics } = resolveProviderSettings(config, environment);
        if (!settings) return { diagnostics };
        // Each SDK is loaded when first used (provider/dependencies.ts).
        dependencies = resourceDependencies(settings);
        scope = settings.ownershipScope;
        return { diagnostics };
      });
    },

    async validateResourceConfig(typeName, config) {
      return guarded({}, async () => ({ diagnostics: await resourceOf(typeName).validate(config) }));
    },

    async validateDataResourceConfig(typeName, config) {
      return guarded({}, async () => ({ diagnostics: await dataSourceOf(typeName).validate(config) }));
    },

    async upgradeResourceState(typeName, version, rawStateJson) {
      return guarded({ upgradedState: null }, () => resourceOf(typeName).upgrade(version, rawStateJson));
    },

    async readResource(typeName, currentState) {
      return guarded({ newState: currentState }, () => resourceOf(typeName).read(currentState));
    },

    async planResourceChange(request) {
      return guarded({ plannedState: null }, () => resourceOf(request.typeName).plan(request));
    },

    async applyResourceChange(request) {
      return guarded({ newState: request.priorState }, () => resourceOf(request.typeName).apply(request));
    },

    async importResourceState(typeName, id) {
      return guarded({ importedResources: [] }, async () => {
        const { state, diagnostics } = await resourceOf(typeName).import(id);
        return { importedResources: state ? [{ typeName, state }] : [], diagnostics };
      });
    },

    async readDataSource(typeName, config) {
      return guarded({ state: null }, () => dataSourceOf(typeName).read(config));
    },

    async stopProvider() {
      controller.abort(new DidopsError({ summary: 'Terraform asked the provider to stop' }));
      // Work Terraform starts after a stop (it rarely does) must not begin already cancelled.
      controller = new AbortController();
    },
  };
}
