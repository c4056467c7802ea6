/**
 * Test harness for stacks with Telnyx numbers: what the Telnyx account holds (owned numbers, number orders,
 * addresses, seen through the official SDK), a Terraform workspace and a Pulumi provider host configured for both
 * carriers of a sandbox, and the check that a secret was written nowhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox/server';
import { startDynamicProviderHost, type DynamicProviderHost } from './pulumi-provider-host';
import { BUILD_MIRROR, terraformWorkspace, type TerraformWorkspace } from './terraform-cli';
import type { RecordingTelnyx } from './telnyx';

/** A number the Telnyx account owns, as the SDK lists it. */
export interface TelnyxOwned {
  id: string;
  e164: string;
  customerReference: string | null;
  connectionId: string | null;
  emergencyAddressId: string | null;
}

/** Every number the Telnyx account owns. */
export async function telnyxOwned(telnyx: RecordingTelnyx): Promise<TelnyxOwned[]> {
  const out: TelnyxOwned[] = [];
  for await (const n of telnyx.client.phoneNumbers.list({ 'page[size]': 250 })) {
    out.push({
      id: n.id ?? '',
      e164: n.phone_number ?? '',
      customerReference: n.customer_reference ?? null,
      connectionId: n.connection_id ?? null,
      emergencyAddressId: n.emergency_address_id ?? null,
    });
  }
  return out;
}

/** A number order, as `GET /v2/number_orders` lists it. */
export interface TelnyxOrderSeen {
  id: string;
  status: string;
  customerReference: string | null;
  numbers: string[];
}

/** Every number order the account has placed. */
export async function telnyxOrders(telnyx: RecordingTelnyx): Promise<TelnyxOrderSeen[]> {
  const out: TelnyxOrderSeen[] = [];
  for await (const o of telnyx.client.numberOrders.list({ 'page[size]': 250 })) {
    out.push({ id: o.id ?? '', status: o.status ?? '', customerReference: o.customer_reference ?? null, numbers: (o.phone_numbers ?? []).map((n) => n.phone_number ?? '') });
  }
  return out;
}

/** Ids of every address the Telnyx account keeps. */
export async function telnyxAddressIds(telnyx: RecordingTelnyx): Promise<string[]> {
  const out: string[] = [];
  for await (const a of telnyx.client.addresses.list({ 'page[size]': 250 })) out.push(a.id ?? '');
  return out;
}

/** The voice webhook a Telnyx number's connection (a didops call control application) sends calls to. */
export async function telnyxVoiceUrl(telnyx: RecordingTelnyx, connectionId: string | null): Promise<string | undefined> {
  if (!connectionId) return undefined;
  return (await telnyx.client.callControlApplications.retrieve(connectionId)).data?.webhook_event_url ?? undefined;
}

/** HCL of the Telnyx emergency address the stories share: `didops_emergency_address.hq`. */
export const TELNYX_HQ_HCL = `resource "didops_emergency_address" "hq" {
  key           = "hq"
  carrier       = "telnyx"
  customer_name = "Acme"
  street        = "1 Main St"
  city          = "San Francisco"
  region        = "CA"
  postal_code   = "94105"
  country       = "US"
}
`;

/** The DIDOPS_* variables a Terraform user sets for both carriers of the sandbox. */
export function bothCarriersEnv(sandbox: RunningSandbox): Record<string, string> {
  return {
    DIDOPS_TWILIO_ACCOUNT_SID: sandbox.accountSid,
    DIDOPS_TWILIO_AUTH_TOKEN: sandbox.authToken,
    DIDOPS_TWILIO_BASE_URL: sandbox.url,
    DIDOPS_TELNYX_API_KEY: sandbox.telnyxApiKey,
    // The sandbox root: the Telnyx carrier appends /v2 itself.
    DIDOPS_TELNYX_BASE_URL: sandbox.url,
  };
}

/** A workspace that installs didops from the build's mirror, with both carriers of `sandbox` in the environment. */
export function bothCarriersWorkspace(sandbox: RunningSandbox, env: Record<string, string | undefined> = {}): TerraformWorkspace {
  return terraformWorkspace({ mirrorDir: BUILD_MIRROR, env: { ...bothCarriersEnv(sandbox), ...env } });
}

/** The `didops:*` stack configuration for both carriers of `sandbox`, and which keys are secrets. */
export function bothCarriersConfig(sandbox: RunningSandbox): { config: Record<string, string>; secrets: string[] } {
  return {
    config: {
      'didops:twilioAccountSid': sandbox.accountSid,
      'didops:twilioAuthToken': sandbox.authToken,
      'didops:twilioBaseUrl': sandbox.url,
      'didops:telnyxApiKey': sandbox.telnyxApiKey,
      'didops:telnyxBaseUrl': sandbox.url,
    },
    secrets: ['didops:twilioAuthToken', 'didops:telnyxApiKey'],
  };
}

/** A dynamic provider host configured, as `pulumi up` configures it, with `config` (default: both carriers). */
export async function startCarriersProviderHost(sandbox: RunningSandbox, settings = bothCarriersConfig(sandbox)): Promise<DynamicProviderHost> {
  const host = await startDynamicProviderHost();
  try {
    await host.configure(settings.config, settings.secrets);
  } catch (err) {
    await host.close();
    throw err;
  }
  return host;
}

/** Every file under `dir` (recursively) whose text contains `secret`, skipping the installed provider. */
export function filesContaining(dir: string, secret: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (entry !== 'providers') walk(path);
      } else if (stat.size < 50_000_000 && readFileSync(path, 'utf8').includes(secret)) {
        found.push(path);
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * Every request the in-process sandbox answers from now on, as `METHOD /path` (each passes the fault injector's
 * decision first), so a test can wait for a run to reach a given call; `stop()` puts the injector back.
 */
export function recordSandboxRequests(sandbox: RunningSandbox): { seen: string[]; stop(): void } {
  const faults = sandbox.context.faults;
  const decide = faults.decide;
  const seen: string[] = [];
  faults.decide = (method, path) => {
    seen.push(`${method.toUpperCase()} ${path}`);
    return decide.call(faults, method, path);
  };
  return { seen, stop: () => void (faults.decide = decide) };
}

/** A sandbox clock a test can move forward, e.g. to let a pending number order come due at once. */
export function movableClock(): { now: () => number; advance(ms: number): void } {
  let skew = 0;
  return { now: () => Date.now() + skew, advance: (ms) => void (skew += ms) };
}
