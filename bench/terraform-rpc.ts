/**
 * The Terraform provider's own overhead per operation (issue #11): the provider process, started as Terraform's
 * reattach mode starts it (`main.js --debug`: plaintext gRPC), driven over tfplugin6 as Terraform drives it, against
 * the same PhoneNumber handler called in-process. The difference is the adapter: gRPC, msgpack values against the
 * schema, and the mapping between Terraform objects and the handler's inputs and state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { CarrierName } from '../src/carriers/carrier';
import { createPhoneNumberHandler, type PhoneNumberInputs, type PhoneNumberState } from '../src/resources';
import { startSandbox, type RunningSandbox } from '../src/sandbox/server';
import { createDidopsTerraformProvider } from '../provider/terraform/provider';
import { PHONE_NUMBER_TYPE } from '../provider/terraform/resources/phone-number';
import { serviceDefinition } from '../provider/terraform/server/grpc-services';
import type { TfBlock, TfObject } from '../provider/terraform/server/types';
import { decodeObject, encodeObject, type DynamicValueMessage } from '../provider/terraform/server/values';
import { inParallel, overheadOf, PARALLELISM, sandboxCarriers, timeEach, WARM_UP, type AdapterOverhead } from './pulumi-resources';

const MAIN = join(__dirname, '..', 'provider', 'terraform', 'main.js');
/** The voice URL the Terraform side's updates set. */
const TF_URL = 'https://example.com/tf';
const AREA_CODES = ['212', '312', '415', '617', '206', '305', '512', '720', '404', '503'];

type Message = Record<string, unknown>;
type Rpc = (request: Message) => Promise<Message>;

/** A provider process in debug mode and a tfplugin6 client connected to it. */
interface ProviderProcess {
  call(method: string, request: Message): Promise<Message>;
  close(): Promise<void>;
}

async function startProviderProcess(sandbox: RunningSandbox, cwd: string): Promise<ProviderProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    DIDOPS_TWILIO_ACCOUNT_SID: sandbox.accountSid,
    DIDOPS_TWILIO_AUTH_TOKEN: sandbox.authToken,
    DIDOPS_TWILIO_BASE_URL: sandbox.url,
    DIDOPS_TELNYX_API_KEY: sandbox.telnyxApiKey,
    DIDOPS_TELNYX_BASE_URL: sandbox.url,
  };
  const child: ChildProcess = spawn(process.execPath, [MAIN, '--debug'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\((?:pid \d+, )?(127\.0\.0\.1:\d+)\)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`provider exited ${code} before listening: ${err}`)));
  });
  const Provider = grpc.makeGenericClientConstructor(serviceDefinition('tfplugin6.Provider'), 'Provider');
  const client = new Provider(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, (req: Message, cb: (e: Error | null, res: Message) => void) => void>;
  const call = (method: string, request: Message) =>
    new Promise<Message>((resolve, reject) => client[method](request, (e, res) => (e ? reject(e) : resolve(res))));
  return {
    call,
    close: async () => {
      client.close();
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Fails with the response's error diagnostics, if any. */
function ok(method: string, response: Message): Message {
  const errors = ((response.diagnostics ?? []) as { severity?: unknown; summary?: string; detail?: string }[]).filter((d) => d.severity === 'ERROR' || d.severity === 1 || d.severity === 'error');
  if (errors.length > 0) throw new Error(`${method}: ${errors.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('; ')}`);
  return response;
}

/** Every attribute null: a configuration that sets nothing (the environment configures the provider). */
function nulls(block: TfBlock): TfObject {
  return Object.fromEntries(block.attributes.map((a) => [a.name, null]));
}

/** The configuration a user would have written for an imported number: its settable attributes, computed-only ones null. */
function configOf(state: TfObject, block: TfBlock): TfObject {
  return Object.fromEntries(block.attributes.map((a) => [a.name, a.required || a.optional ? (state[a.name] ?? null) : null]));
}

/** The state and the configuration with the voice URL changed. */
function withVoiceUrl(value: TfObject, url: string): TfObject {
  const voice = (value.voice ?? {}) as TfObject;
  return { ...value, voice: { ...voice, url } };
}

/** The handler's voice settings with `url` (POST everywhere, which both carriers take). */
const voiceAt = (url: string) => ({ url, method: 'POST' as const, fallbackMethod: 'POST' as const, statusCallbackMethod: 'POST' as const });


/**
 * `samples` numbers on `carrier`, bought in-process and imported into the provider; then sequential ReadResource and
 * ApplyResourceChange (voice URL) RPCs against the same handler calls in-process.
 */
export async function terraformAdapterOverhead(samples: number, carrier: CarrierName): Promise<AdapterOverhead> {
  const root = mkdtempSync(join(tmpdir(), 'didops-bench-tf-rpc-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), telnyx: { orderDelayMs: 0 } });
  const provider = await startProviderProcess(sandbox, root).catch(async (e: unknown) => {
    await sandbox.close();
    throw e;
  });
  try {
    const schemas = createDidopsTerraformProvider({ env: {}, cwd: root }).schemas();
    const block = schemas.resourceSchemas[PHONE_NUMBER_TYPE].block;
    const call: (method: string) => Rpc = (method) => async (request) => ok(method, await provider.call(method, request));
    await call('GetProviderSchema')({});
    await call('ConfigureProvider')({ terraform_version: '1.11.4', config: encodeObject(nulls(schemas.provider.block), schemas.provider.block) });

    const handler = createPhoneNumberHandler({ carriers: sandboxCarriers(sandbox) });
    type Made = { id: string; state: PhoneNumberInputs & PhoneNumberState; tf: DynamicValueMessage; private: Uint8Array };
    const made: Made[] = new Array(samples + WARM_UP);
    await inParallel(Array.from({ length: made.length }, (_, i) => i), PARALLELISM, async (i) => {
      const checked = await handler.check({ news: { carrier, search: { country: 'US', areaCode: AREA_CODES[i % AREA_CODES.length] }, voice: { url: 'https://example.com/a' } } });
      if (!checked.inputs) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      const c = await handler.create({ inputs: checked.inputs, preview: false, identity: { type: PHONE_NUMBER_TYPE, name: `tf-overhead-${carrier}-${i}` } });
      const imported = await call('ImportResourceState')({ type_name: PHONE_NUMBER_TYPE, id: c.id });
      const [r] = imported.imported_resources as { state: DynamicValueMessage; private: Uint8Array }[];
      made[i] = { id: c.id, state: { ...checked.inputs, ...c.outputs }, tf: r.state, private: r.private };
    });

    const rpcRead = async (m: Made) => {
      const res = await call('ReadResource')({ type_name: PHONE_NUMBER_TYPE, current_state: m.tf, private: m.private });
      m.tf = res.new_state as DynamicValueMessage;
      m.private = res.private as Uint8Array;
    };
    const directRead = (m: Made) => handler.read({ id: m.id, state: m.state });
    // An update is PlanResourceChange then ApplyResourceChange; the handler's update corresponds to the apply, so
    // the plans are made beforehand, untimed.
    type Plan = { prior: DynamicValueMessage; planned: DynamicValueMessage; config: DynamicValueMessage; private: Uint8Array };
    const planFor = async (m: Made): Promise<Plan> => {
      const prior = decodeObject(m.tf, block)!;
      const config = encodeObject(withVoiceUrl(configOf(prior, block), TF_URL), block);
      const plan = await call('PlanResourceChange')({
        type_name: PHONE_NUMBER_TYPE,
        prior_state: m.tf,
        proposed_new_state: encodeObject(withVoiceUrl(prior, TF_URL), block),
        config,
        prior_private: m.private,
      });
      return { prior: m.tf, planned: plan.planned_state as DynamicValueMessage, config, private: plan.planned_private as Uint8Array };
    };
    const plansFor = async (list: Made[]) => {
      const plans: Plan[] = [];
      for (const m of list) plans.push(await planFor(m));
      return plans;
    };
    const rpcApply = (p: Plan) => call('ApplyResourceChange')({ type_name: PHONE_NUMBER_TYPE, prior_state: p.prior, planned_state: p.planned, config: p.config, planned_private: p.private });
    const directUpdate = (m: Made) => handler.update({ id: m.id, olds: { ...m.state, voice: voiceAt(TF_URL) }, news: { ...m.state, voice: voiceAt('https://example.com/direct') }, preview: false });
    // Untimed warm-up on the first few (each side's first update makes its webhook's voice connection on Telnyx).
    const warm = made.slice(0, WARM_UP);
    const timedPart = made.slice(WARM_UP);
    await timeEach(warm, rpcRead);
    await timeEach(warm, directRead);
    await timeEach(await plansFor(warm), rpcApply);
    await timeEach(warm, directUpdate);
    const rpcReads = await timeEach(timedPart, rpcRead);
    const directReads = await timeEach(timedPart, directRead);
    const rpcApplies = await timeEach(await plansFor(timedPart), rpcApply);
    const directUpdates = await timeEach(timedPart, directUpdate);
    await inParallel(made, PARALLELISM, async (m) => handler.delete({ id: m.id, state: m.state }));
    return overheadOf({ read: rpcReads, update: rpcApplies }, { read: directReads, update: directUpdates });
  } finally {
    await provider.close();
    await sandbox.close();
    rmSync(root, { recursive: true, force: true });
  }
}
