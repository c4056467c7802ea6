/**
 * The provider block: its schema, its environment-variable fallbacks (Terraform users expect providers to read
 * credentials from the environment) and the ownership scope, which defaults to the Terraform workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { billingSettingsOf, stripeSecretKeyProblem, type BillingSettings } from '../../src/billing/billing-config';
import { CARRIER_NAMES, type CarrierName } from '../../src/carriers/carrier';
import { defaultCarrierOf, wantsTwilio } from '../../src/carriers/carrier-set';
import type { AttributeModel } from './schema/attributes';
import { isUnknown } from './schema/values';
import type { TfDiagnostic, TfObject, TfValue } from './server/types';

/** Environment variables each provider attribute falls back to. */
export const PROVIDER_ENV = {
  twilio_account_sid: 'DIDOPS_TWILIO_ACCOUNT_SID',
  twilio_auth_token: 'DIDOPS_TWILIO_AUTH_TOKEN',
  twilio_base_url: 'DIDOPS_TWILIO_BASE_URL',
  telnyx_api_key: 'DIDOPS_TELNYX_API_KEY',
  telnyx_base_url: 'DIDOPS_TELNYX_BASE_URL',
  default_carrier: 'DIDOPS_DEFAULT_CARRIER',
  stripe_secret_key: 'DIDOPS_STRIPE_SECRET_KEY',
  stripe_base_url: 'DIDOPS_STRIPE_BASE_URL',
  ownership_scope: 'DIDOPS_OWNERSHIP_SCOPE',
} as const;

/** A provider attribute name. */
export type ProviderAttribute = keyof typeof PROVIDER_ENV;

/** The provider block's attributes. */
export const PROVIDER_ATTRIBUTES: readonly AttributeModel[] = [
  {
    name: 'twilio_account_sid',
    field: 'twilioAccountSid',
    type: 'string',
    optional: true,
    description: 'Twilio account SID (`AC…`). Defaults to the `DIDOPS_TWILIO_ACCOUNT_SID` environment variable.',
  },
  {
    name: 'twilio_auth_token',
    field: 'twilioAuthToken',
    type: 'string',
    optional: true,
    sensitive: true,
    description: 'Twilio auth token. Defaults to the `DIDOPS_TWILIO_AUTH_TOKEN` environment variable, which keeps it out of configuration files. It is never written to the state.',
  },
  {
    name: 'twilio_base_url',
    field: 'twilioBaseUrl',
    type: 'string',
    optional: true,
    description: 'Root URL of a didops sandbox (`didops sandbox` prints it, e.g. `http://127.0.0.1:4010`); leave it unset to use Twilio itself. Defaults to the `DIDOPS_TWILIO_BASE_URL` environment variable.',
  },
  {
    name: 'telnyx_api_key',
    field: 'telnyxApiKey',
    type: 'string',
    optional: true,
    sensitive: true,
    description: 'Telnyx API key (`KEY…`), for numbers with `carrier = "telnyx"`. Defaults to the `DIDOPS_TELNYX_API_KEY` environment variable. It is never written to the state.',
  },
  {
    name: 'telnyx_base_url',
    field: 'telnyxBaseUrl',
    type: 'string',
    optional: true,
    description: 'Root URL of a didops sandbox for Telnyx requests (the same one as `twilio_base_url`); leave it unset to use Telnyx itself. Defaults to the `DIDOPS_TELNYX_BASE_URL` environment variable.',
  },
  {
    name: 'default_carrier',
    field: 'defaultCarrier',
    type: 'string',
    optional: true,
    description: 'Carrier of resources that name none: `twilio` or `telnyx`. Defaults to the `DIDOPS_DEFAULT_CARRIER` environment variable, else the one carrier configured, else `twilio`.',
  },
  {
    name: 'stripe_secret_key',
    field: 'stripeSecretKey',
    type: 'string',
    optional: true,
    sensitive: true,
    description: 'Stripe secret key (`sk_test_…`, `sk_live_…`, or a restricted `rk_…` key), for the billing resources (`didops_rate_card`, `didops_billing_account`, `didops_billing_subscription`). Defaults to the `DIDOPS_STRIPE_SECRET_KEY` environment variable. It is never written to the state. A configuration without billing resources needs none, and one with only billing resources needs no carrier credentials.',
  },
  {
    name: 'stripe_base_url',
    field: 'stripeBaseUrl',
    type: 'string',
    optional: true,
    description: 'Root URL of a didops sandbox for Stripe requests (`didops sandbox` prints it and the secret key it accepts); leave it unset to use Stripe itself. Defaults to the `DIDOPS_STRIPE_BASE_URL` environment variable.',
  },
  {
    name: 'ownership_scope',
    field: 'ownershipScope',
    type: 'string',
    optional: true,
    description:
      'Namespace of the resources’ `key`s: a resource’s ownership marker is derived from the scope, its type and its key. ' +
      'Defaults to the `DIDOPS_OWNERSHIP_SCOPE` environment variable, else the Terraform workspace (`TF_WORKSPACE`, else the workspace `terraform workspace select` chose, else `default`). ' +
      'Set it to a name unique to this configuration when several Terraform configurations manage numbers in one Twilio account, so that equal keys in two of them cannot take over each other’s numbers. Changing it later only affects resources created afterwards.',
  },
];

/** What ConfigureProvider settled on: the carriers it was given credentials for, the default one, and billing. */
export interface ProviderSettings {
  readonly twilio?: { readonly accountSid: string; readonly authToken: string; readonly baseUrl?: string };
  readonly telnyx?: { readonly apiKey: string; readonly baseUrl?: string };
  readonly defaultCarrier: CarrierName;
  /** The billing provider, when a Stripe secret key is given. */
  readonly billing?: BillingSettings;
  readonly ownershipScope: string;
}

/** Where the provider reads its environment. */
export interface ProviderEnvironment {
  /** Environment variables (the provider process's by default). */
  readonly env: NodeJS.ProcessEnv;
  /** Working directory Terraform started the provider in (the root module, where `.terraform/` lives). */
  readonly cwd: string;
}

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const BASE_URL = /^https?:\/\/[^/\s]+/;
const SCOPE = /^[A-Za-z0-9_.:/@-]{1,128}$/;

/** Problems with the known values of the provider block (ValidateProviderConfig: values may be unknown). */
export function validateProviderBlock(config: TfObject): TfDiagnostic[] {
  const diagnostics: TfDiagnostic[] = [];
  const sid = config.twilio_account_sid;
  if (typeof sid === 'string' && !ACCOUNT_SID.test(sid)) diagnostics.push(invalid('twilio_account_sid', `"${sid}" is not an account SID`, 'an account SID is AC followed by 32 hex characters, as the Twilio console shows it'));
  const token = config.twilio_auth_token;
  if (typeof token === 'string' && token === '') diagnostics.push(invalid('twilio_auth_token', 'the auth token is empty', `set it, or leave it out and set ${PROVIDER_ENV.twilio_auth_token}`));
  for (const name of ['twilio_base_url', 'telnyx_base_url', 'stripe_base_url'] as const) {
    const url = config[name];
    if (typeof url === 'string' && url !== '' && !BASE_URL.test(url)) diagnostics.push(invalid(name, `"${url}" is not an http(s) URL`, `give the sandbox root, e.g. http://127.0.0.1:4010, or leave it out to use ${name === 'stripe_base_url' ? 'Stripe' : 'the carrier'} itself`));
  }
  const key = config.telnyx_api_key;
  if (typeof key === 'string' && key === '') diagnostics.push(invalid('telnyx_api_key', 'the Telnyx API key is empty', `set it, or leave it out and set ${PROVIDER_ENV.telnyx_api_key}`));
  const stripeKey = config.stripe_secret_key;
  if (typeof stripeKey === 'string') {
    const problem = stripeKey === '' ? { summary: 'is empty', detail: `set it, or leave it out and set ${PROVIDER_ENV.stripe_secret_key}` } : stripeSecretKeyProblem(stripeKey);
    // The key itself never goes into the message.
    if (problem) diagnostics.push(invalid('stripe_secret_key', `stripe_secret_key ${problem.summary}`, problem.detail));
  }
  const carrier = config.default_carrier;
  if (typeof carrier === 'string' && !(CARRIER_NAMES as readonly string[]).includes(carrier)) diagnostics.push(invalid('default_carrier', `"${carrier}" is not a carrier didops speaks`, `use ${CARRIER_NAMES.map((c) => `"${c}"`).join(' or ')}`));
  const scope = config.ownership_scope;
  if (typeof scope === 'string' && !SCOPE.test(scope)) diagnostics.push(invalid('ownership_scope', `"${scope}" is not a valid ownership scope`, 'use 1–128 letters, digits and _ . : / @ -'));
  return diagnostics;
}

/** The provider settings from the block and the environment, or diagnostics saying what is missing and where to set it. */
export function resolveProviderSettings(config: TfObject, environment: ProviderEnvironment): { settings?: ProviderSettings; diagnostics: TfDiagnostic[] } {
  const diagnostics = validateProviderBlock(config);
  const value = (name: ProviderAttribute): string | undefined => {
    const given: TfValue | undefined = config[name];
    if (isUnknown(given)) {
      diagnostics.push(invalid(name, `${name} is not known until apply`, 'the provider is configured before any resource is planned, so its settings cannot come from resources; use variables or the environment'));
      return undefined;
    }
    if (typeof given === 'string' && given !== '') return given;
    const fromEnv = environment.env[PROVIDER_ENV[name]];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
  };
  const accountSid = value('twilio_account_sid');
  const authToken = value('twilio_auth_token');
  const baseUrl = value('twilio_base_url');
  const apiKey = value('telnyx_api_key');
  const telnyxBaseUrl = value('telnyx_base_url');
  const defaultCarrier = value('default_carrier');
  const stripeSecretKey = value('stripe_secret_key');
  const stripeBaseUrl = value('stripe_base_url');
  const scope = value('ownership_scope');
  // The block's own values were checked above; these catch what came from the environment, or nothing at all.
  const reported = (name: ProviderAttribute) => diagnostics.some((d) => d.attribute?.some((step) => 'attributeName' in step && step.attributeName === name));
  const report = (name: ProviderAttribute, summary: string, detail: string) => {
    if (!reported(name)) diagnostics.push(invalid(name, summary, detail));
  };
  // Twilio is configured when any of its credentials is given, or when nothing else is (the provider needs a carrier).
  const billing = billingSettingsOf({ stripeSecretKey, stripeBaseUrl });
  const given = { twilioCredential: accountSid !== undefined || authToken !== undefined, telnyxKey: apiKey !== undefined, defaultCarrier, billingKey: billing !== undefined };
  const twilioWanted = wantsTwilio(given);
  if (twilioWanted && accountSid === undefined) {
    report('twilio_account_sid', 'no Twilio account SID', `set twilio_account_sid in the provider block or ${PROVIDER_ENV.twilio_account_sid} (for the sandbox, \`didops sandbox\` prints it)${apiKey === undefined && billing === undefined ? `; for Telnyx only, set telnyx_api_key or ${PROVIDER_ENV.telnyx_api_key} instead; for billing only, stripe_secret_key or ${PROVIDER_ENV.stripe_secret_key}` : ''}`);
  } else if (accountSid !== undefined && !ACCOUNT_SID.test(accountSid)) {
    report('twilio_account_sid', `${PROVIDER_ENV.twilio_account_sid}="${accountSid}" is not an account SID`, 'an account SID is AC followed by 32 hex characters');
  }
  if (twilioWanted && authToken === undefined) {
    report('twilio_auth_token', 'no Twilio auth token', `set twilio_auth_token in the provider block or ${PROVIDER_ENV.twilio_auth_token} (the environment keeps it out of your files)`);
  }
  if (defaultCarrier === 'telnyx' && apiKey === undefined) {
    report('telnyx_api_key', 'no Telnyx API key', `default_carrier is "telnyx": set telnyx_api_key in the provider block or ${PROVIDER_ENV.telnyx_api_key}`);
  }
  if (defaultCarrier !== undefined && !(CARRIER_NAMES as readonly string[]).includes(defaultCarrier)) report('default_carrier', `${PROVIDER_ENV.default_carrier}="${defaultCarrier}" is not a carrier didops speaks`, `use ${CARRIER_NAMES.join(' or ')}`);
  if (baseUrl !== undefined && !BASE_URL.test(baseUrl)) report('twilio_base_url', `"${baseUrl}" is not an http(s) URL`, 'give the sandbox root, e.g. http://127.0.0.1:4010');
  if (telnyxBaseUrl !== undefined && !BASE_URL.test(telnyxBaseUrl)) report('telnyx_base_url', `"${telnyxBaseUrl}" is not an http(s) URL`, 'give the sandbox root, e.g. http://127.0.0.1:4010');
  const stripeKeyProblem = stripeSecretKey !== undefined ? stripeSecretKeyProblem(stripeSecretKey) : undefined;
  if (stripeKeyProblem) report('stripe_secret_key', `${PROVIDER_ENV.stripe_secret_key} ${stripeKeyProblem.summary}`, stripeKeyProblem.detail);
  if (stripeBaseUrl !== undefined && !BASE_URL.test(stripeBaseUrl)) report('stripe_base_url', `"${stripeBaseUrl}" is not an http(s) URL`, 'give the sandbox root, e.g. http://127.0.0.1:4010');
  if (scope !== undefined && !SCOPE.test(scope)) report('ownership_scope', `"${scope}" is not a valid ownership scope`, 'use 1–128 letters, digits and _ . : / @ -');
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const twilio = accountSid !== undefined && authToken !== undefined ? { accountSid, authToken, ...(baseUrl !== undefined ? { baseUrl } : {}) } : undefined;
  const telnyx = apiKey !== undefined ? { apiKey, ...(telnyxBaseUrl !== undefined ? { baseUrl: telnyxBaseUrl } : {}) } : undefined;
  return {
    settings: {
      ...(twilio ? { twilio } : {}),
      ...(telnyx ? { telnyx } : {}),
      defaultCarrier: defaultCarrierOf(given, twilio !== undefined),
      ...(billing ? { billing } : {}),
      ownershipScope: scope ?? terraformWorkspace(environment),
    },
    diagnostics,
  };
}

/**
 * The Terraform workspace the provider runs in: `TF_WORKSPACE` when set (it overrides the selected one), else the
 * name `terraform workspace select` wrote to `<data dir>/environment`, else `default`.
 */
export function terraformWorkspace(environment: ProviderEnvironment): string {
  const fromEnv = environment.env.TF_WORKSPACE?.trim();
  if (fromEnv) return fromEnv;
  const dataDir = resolve(environment.cwd, environment.env.TF_DATA_DIR || '.terraform');
  const file = join(dataDir, 'environment');
  try {
    if (existsSync(file)) {
      const name = readFileSync(file, 'utf8').trim();
      if (name) return name;
    }
  } catch {
    // An unreadable file means no workspace was selected that we can know of; Terraform's default applies.
  }
  return 'default';
}

function invalid(attribute: ProviderAttribute, summary: string, detail: string): TfDiagnostic {
  return { severity: 'error', summary, detail, attribute: [{ attributeName: attribute }] };
}
