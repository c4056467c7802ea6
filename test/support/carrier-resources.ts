/**
 * The resource handlers on each carrier, against one sandbox: the PhoneNumber and EmergencyAddress stories run once
 * per carrier through `describe.each(CARRIERS)`, and what differs between carriers (id forms, the purchase request a
 * fault is injected on, how someone buys or edits a number by hand, how purchases are counted) lives here, each
 * through that carrier's official SDK rather than through the code under test where the SDK can say it.
 */
import type { CarrierName } from '../../src/carriers/carrier';
import type { TelnyxCarrier } from '../../src/carriers/telnyx';
import { purchaseTag, readMarker } from '../../src/carriers/ownership-marker';
import { identityKey, type ResourceIdentity } from '../../src/core/lifecycle';
import { createEmergencyAddressHandler, createPhoneNumberHandler, type PhoneNumberInputs, type PhoneNumberState } from '../../src/resources';
import type { TestSandbox } from './sandbox';
import { bothCarriers, sandboxTelnyxCarrier } from './telnyx';

/** The carriers every resource story runs on. */
export const CARRIERS = ['twilio', 'telnyx'] as const satisfies readonly CarrierName[];

/** Sandbox options for resource tests: released numbers may be sold again at once, and orders settle quickly. */
export const RESOURCE_SANDBOX = { releaseCooldownMs: 0, telnyx: { orderDelayMs: 60 } };

/** A PhoneNumber resource's identity in a test stack. */
export const identity = (name: string): ResourceIdentity => ({ type: 'didops:index:PhoneNumber', name, urn: `urn:pulumi:test::didops::didops:index:PhoneNumber::${name}` });

/** The ownership tag the handler gives the resource called `name`. */
export const tagOf = (name: string): string => purchaseTag(identityKey(identity(name)));

/** A number bought outside didops. */
export interface HandBought {
  readonly id: string;
  readonly e164: string;
}

/** One carrier, as the resource stories drive it. */
export interface CarrierUnderTest {
  readonly name: CarrierName;
  /** How the carrier's number ids look. */
  readonly numberId: RegExp;
  /** The status word of a number bought and working. */
  readonly activeStatus: string;
  /** Whether numbers keep a name there (Twilio's FriendlyName). */
  readonly keepsNames: boolean;
  /** The request that buys a number, for fault rules: Twilio's IncomingPhoneNumbers POST, Telnyx's number order. */
  readonly purchaseRequest: { readonly method: 'POST'; readonly path: string };
  handler(): ReturnType<typeof createPhoneNumberHandler>;
  addresses(): ReturnType<typeof createEmergencyAddressHandler>;
  /** E.164 of every number the account owns, as the carrier's SDK lists them. */
  owned(): Promise<string[]>;
  /** Purchases made for `tag`: Twilio's numbers carrying it, Telnyx's number orders carrying it (placed, not only settled). */
  purchasesFor(tag: string): Promise<number>;
  /** Buys a number in `areaCode` by hand, optionally with a voice URL, without didops' marker. */
  buyByHand(areaCode: string, voiceUrl?: string): Promise<HandBought>;
  voiceUrlOf(id: string): Promise<string>;
  setVoiceUrlByHand(id: string, url: string): Promise<void>;
  releaseByHand(id: string): Promise<void>;
  /** The ownership tag the live number carries, if any. */
  liveTagOf(id: string): Promise<string | undefined>;
  /** Whether the carrier still has the address. */
  addressExists(id: string): Promise<boolean>;
}

/** The carriers under test against `t` (filled in once the sandbox runs): call at the top of a test file. */
export function carriersUnderTest(t: TestSandbox): Record<CarrierName, CarrierUnderTest> {
  let telnyxCarrier: TelnyxCarrier | undefined;
  const telnyx = () => (telnyxCarrier ??= sandboxTelnyxCarrier(t.sandbox));
  const handlers = (name: CarrierName) => ({
    handler: () => createPhoneNumberHandler({ carriers: bothCarriers(t.client, telnyx(), name), sleep: async () => {} }),
    addresses: () => createEmergencyAddressHandler({ carriers: bothCarriers(t.client, telnyx(), name) }),
  });
  const twilio: CarrierUnderTest = {
    name: 'twilio',
    numberId: /^PN[0-9a-f]{32}$/,
    activeStatus: 'in-use',
    keepsNames: true,
    purchaseRequest: { method: 'POST', path: '/api/*/IncomingPhoneNumbers.json' },
    ...handlers('twilio'),
    owned: async () => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).map((n) => n.phoneNumber),
    purchasesFor: async (tag) => (await t.client.incomingPhoneNumbers.list({ pageSize: 1000 })).filter((n) => readMarker(n.friendlyName).tag === tag).length,
    async buyByHand(areaCode, voiceUrl) {
      const n = await t.client.incomingPhoneNumbers.create({ areaCode, friendlyName: 'Bought by hand', ...(voiceUrl ? { voiceUrl } : {}) });
      return { id: n.sid, e164: n.phoneNumber };
    },
    voiceUrlOf: async (id) => (await t.client.incomingPhoneNumbers(id).fetch()).voiceUrl ?? '',
    setVoiceUrlByHand: async (id, url) => void (await t.client.incomingPhoneNumbers(id).update({ voiceUrl: url })),
    releaseByHand: async (id) => void (await t.client.incomingPhoneNumbers(id).remove()),
    liveTagOf: async (id) => readMarker((await t.client.incomingPhoneNumbers(id).fetch()).friendlyName).tag,
    addressExists: async (id) => t.client.addresses(id).fetch().then(() => true, (err: { status?: number }) => (err.status === 404 ? false : Promise.reject(err))),
  };
  const telnyxUnderTest: CarrierUnderTest = {
    name: 'telnyx',
    numberId: /^\d{6,25}$/,
    activeStatus: 'active',
    keepsNames: false,
    purchaseRequest: { method: 'POST', path: '/v2/number_orders' },
    ...handlers('telnyx'),
    async owned() {
      const out: string[] = [];
      for await (const n of telnyx().client.phoneNumbers.list({ 'page[size]': 250 })) if (n.status !== 'deleted') out.push(n.phone_number);
      return out;
    },
    async purchasesFor(tag) {
      let orders = 0;
      for await (const o of telnyx().client.numberOrders.list({ filter: { customer_reference: `didops:${tag}` } })) if (o.customer_reference === `didops:${tag}`) orders++;
      return orders;
    },
    async buyByHand(areaCode, voiceUrl) {
      // Someone in the portal: search, order, and point the number at their own webhook (no didops marker).
      const page = await telnyx().available.search({ isoCountry: 'US', kind: 'local', pageSize: 20, areaCode, capabilities: ['voice'] });
      const pick = page.numbers[Math.floor(Math.random() * page.numbers.length)];
      const n = await telnyx().numbers.purchase(pick.e164, voiceUrl ? { voice: { url: voiceUrl } } : {});
      return { id: n.id, e164: n.e164 };
    },
    voiceUrlOf: async (id) => (await telnyx().numbers.fetch(id))?.voice.url ?? '',
    setVoiceUrlByHand: async (id, url) => void (await telnyx().numbers.update(id, { voice: { url } }, 'change the webhook in the portal')),
    releaseByHand: async (id) => void (await telnyx().client.phoneNumbers.delete(id)),
    liveTagOf: async (id) => (await telnyx().client.phoneNumbers.retrieve(id)).data?.customer_reference?.replace(/^didops:/, '') || undefined,
    addressExists: async (id) => (await telnyx().addresses.fetch(id)) !== undefined,
  };
  return { twilio, telnyx: telnyxUnderTest };
}

/** Create through `carrier`'s handler, after `check`, as the engine would; the state is inputs and outputs together. */
export async function created(carrier: CarrierUnderTest, name: string, news: unknown) {
  const inputs = await checked(carrier, news);
  const { id, outputs } = await carrier.handler().create({ inputs, preview: false, identity: identity(name) });
  return { id, inputs, state: { ...inputs, ...outputs } as PhoneNumberInputs & PhoneNumberState };
}

/** `news` through the handler's check, failing the test with the diagnostics when it does not pass. */
export async function checked(carrier: CarrierUnderTest, news: unknown): Promise<PhoneNumberInputs> {
  const result = await carrier.handler().check({ news });
  if (!result.inputs) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs;
}
