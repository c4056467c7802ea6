/**
 * The PhoneNumber resource and the carrier's record of a number, in both directions: the settings the resource's
 * inputs make on a number (all of them for a purchase, only what changed for an update, only what is declared for
 * an adoption), what a live number says in the resource's terms (its inputs, for drift; its facts, for fit), and
 * which input a carrier's error about a setting is about.
 */
import { nanpPlaceOf } from '../../catalogue';
import { e164Info, parseE164 } from '../../core/e164';
import { DidopsError, withField } from '../../core/errors';
import { deepEqual } from '../../core/lifecycle';
import { readCapabilities } from '../../search/search-numbers';
import { readMarker } from '../ownership-marker';
import { flowSidOfWebhook, studioWebhookUrl } from '../routing-plan/flow-webhook';
import type { CarrierNumber, CarrierNumberSettings } from './incoming-numbers';
import type { NumberCapabilities, PhoneNumberInputs, PhoneNumberOutputs, VoiceSettings } from './model';
import type { OwnedNumberFacts } from './number-fit';
import type { PhoneNumberState } from './handler';

const TYPE_FROM_TWILIO: Record<string, PhoneNumberOutputs['type']> = { local: 'local', mobile: 'mobile', 'toll-free': 'tollFree', tollFree: 'tollFree', tollfree: 'tollFree' };

/** The Twilio settings for `inputs`; with `olds`, only what differs (empty strings clear fields). */
export function settingsFor(inputs: PhoneNumberInputs, friendlyName: string, olds: PhoneNumberState & PhoneNumberInputs | undefined, accountSid: string): CarrierNumberSettings {
  const flowUrl = inputs.routingPlan !== undefined ? studioWebhookUrl(accountSid, inputs.routingPlan) : undefined;
  const all: CarrierNumberSettings = { friendlyName, ...voiceSettings(inputs.voice, flowUrl) };
  const sids = { trunkSid: inputs.trunk, emergencyAddressSid: inputs.emergencyAddress, addressSid: inputs.address, bundleSid: inputs.bundle };
  if (!olds) {
    for (const [key, value] of Object.entries(sids)) if (value) (all as Record<string, string>)[key] = value;
    return all;
  }
  const changed: CarrierNumberSettings = {};
  if (friendlyName !== olds.carrierFriendlyName) changed.friendlyName = friendlyName;
  if (!deepEqual(inputs.voice, olds.voice) || inputs.routingPlan !== olds.routingPlan) Object.assign(changed, voiceSettings(inputs.voice, flowUrl));
  const oldSids = { trunkSid: olds.trunk, emergencyAddressSid: olds.emergencyAddress, addressSid: olds.address, bundleSid: olds.bundle };
  for (const key of Object.keys(sids) as (keyof typeof sids)[]) {
    if (sids[key] !== oldSids[key]) changed[key] = sids[key] ?? '';
  }
  return changed;
}

/** Only the settings the inputs declare, for adopting a live number without wiping what it already does. */
export function declaredSettings(inputs: PhoneNumberInputs, friendlyName: string, accountSid: string): CarrierNumberSettings {
  const flowUrl = inputs.routingPlan !== undefined ? studioWebhookUrl(accountSid, inputs.routingPlan) : undefined;
  const voice = inputs.voice ? voiceSettings(inputs.voice, flowUrl) : flowUrl ? { voiceUrl: flowUrl, voiceMethod: 'POST' } : {};
  const declared: CarrierNumberSettings = { friendlyName, ...voice };
  if (inputs.trunk) declared.trunkSid = inputs.trunk;
  if (inputs.emergencyAddress) declared.emergencyAddressSid = inputs.emergencyAddress;
  if (inputs.address) declared.addressSid = inputs.address;
  if (inputs.bundle) declared.bundleSid = inputs.bundle;
  return declared;
}

/**
 * Voice settings as Twilio parameters; unset URLs are sent empty so removing one from the code clears it. A routing
 * plan's flow webhook takes the place of `voice.url` (Studio takes POST).
 */
function voiceSettings(voice: VoiceSettings | undefined, flowUrl?: string): CarrierNumberSettings {
  return {
    voiceUrl: flowUrl ?? voice?.url ?? '',
    voiceMethod: flowUrl ? 'POST' : (voice?.method ?? 'POST'),
    voiceFallbackUrl: voice?.fallbackUrl ?? '',
    voiceFallbackMethod: voice?.fallbackMethod ?? 'POST',
    statusCallback: voice?.statusCallback ?? '',
    statusCallbackMethod: voice?.statusCallbackMethod ?? 'POST',
  };
}

/** The inputs that describe the number as it is now, so a refresh shows drift as a diff. */
export function inputsFromCarrier(n: CarrierNumber, state: Partial<PhoneNumberInputs & PhoneNumberState>): PhoneNumberInputs {
  const { name, tag } = readMarker(n.friendlyName);
  const defaultName = state.defaultName ?? (state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).name : undefined);
  const expectedTag = state.ownershipTag ?? (state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).tag : undefined);
  // A number adopted without some setting keeps managing it itself: undeclared settings of an adopted number are
  // not drift (otherwise the refresh before the next apply would plan to wipe its live webhooks).
  const managesUndeclared = state.adopt === undefined;
  // A voice URL on a Studio flow is the number's routing plan when the resource declares one, or declares no
  // `voice.url` of its own; a plan replaced in the console by another URL then shows as `routingPlan` removed.
  const liveFlow = flowSidOfWebhook(n.voiceUrl);
  const planOnline = liveFlow !== undefined && (state.routingPlan !== undefined || (state.voice?.url === undefined && managesUndeclared));
  const voice = voiceFromCarrier(n, planOnline);
  const inputs: PhoneNumberInputs = {
    ...(state.number !== undefined ? { number: state.number } : {}),
    ...(state.search !== undefined ? { search: state.search } : {}),
    ...(state.adopt !== undefined ? { adopt: state.adopt } : {}),
    retainOnDelete: state.retainOnDelete ?? false,
  } as PhoneNumberInputs;
  // A name the user never set stays unset while it is the default didops gave and carries the marker; any other
  // name (or a lost marker) is drift to show, which the next update corrects.
  if (state.friendlyName !== undefined || name !== defaultName || (expectedTag && tag !== expectedTag)) inputs.friendlyName = name;
  if (planOnline) inputs.routingPlan = state.routingPlan?.toUpperCase() === liveFlow.toUpperCase() ? state.routingPlan : liveFlow;
  if (state.voice !== undefined || (voice !== undefined && managesUndeclared)) inputs.voice = voice ?? voiceDefaults();
  const sid = (declared: string | undefined, live: string | null | undefined) => (declared !== undefined || managesUndeclared ? live || undefined : declared);
  const trunk = sid(state.trunk, n.trunkSid);
  const emergencyAddress = sid(state.emergencyAddress, n.emergencyAddressSid);
  const address = sid(state.address, n.addressSid);
  const bundle = sid(state.bundle, n.bundleSid);
  if (trunk) inputs.trunk = trunk;
  if (emergencyAddress) inputs.emergencyAddress = emergencyAddress;
  if (address) inputs.address = address;
  if (bundle) inputs.bundle = bundle;
  return inputs;
}

function voiceDefaults(): VoiceSettings {
  return { method: 'POST', fallbackMethod: 'POST', statusCallbackMethod: 'POST' };
}

/** The number's voice settings, or undefined when they are all Twilio's defaults; a routing plan's webhook is not `url`. */
function voiceFromCarrier(n: CarrierNumber, urlIsRoutingPlan = false): VoiceSettings | undefined {
  const voice: VoiceSettings = {
    ...(n.voiceUrl && !urlIsRoutingPlan ? { url: n.voiceUrl } : {}),
    method: n.voiceMethod === 'GET' ? 'GET' : 'POST',
    ...(n.voiceFallbackUrl ? { fallbackUrl: n.voiceFallbackUrl } : {}),
    fallbackMethod: n.voiceFallbackMethod === 'GET' ? 'GET' : 'POST',
    ...(n.statusCallback ? { statusCallback: n.statusCallback } : {}),
    statusCallbackMethod: n.statusCallbackMethod === 'GET' ? 'GET' : 'POST',
  };
  return deepEqual(voice, voiceDefaults()) ? undefined : voice;
}

function capabilitiesOf(n: CarrierNumber): NumberCapabilities {
  return readCapabilities(n.capabilities as unknown as Record<string, boolean | undefined>);
}

/** What the carrier says about an owned number (it does not say where the number is, except through NANP area codes). */
export function factsFromCarrier(n: CarrierNumber): OwnedNumberFacts {
  const info = e164Info(parseE164(n.phoneNumber));
  const place = nanpPlace(n.phoneNumber);
  return {
    sid: n.sid,
    e164: n.phoneNumber,
    country: info.country ?? 'XX',
    type: TYPE_FROM_TWILIO[n.type ?? ''] ?? (info.type === 'TOLL_FREE' ? 'tollFree' : info.type === 'MOBILE' ? 'mobile' : 'local'),
    region: place.region ?? null,
    locality: null,
    postalCode: null,
    capabilities: capabilitiesOf(n),
    addressRequirements: n.addressRequirements ?? null,
  };
}

/** The facts the state recorded when the number was bought. */
export function factsFromState(state: PhoneNumberState): OwnedNumberFacts {
  return {
    sid: state.sid,
    e164: state.e164,
    country: state.country,
    type: state.type,
    region: state.region,
    locality: state.locality,
    postalCode: state.postalCode ?? null,
    capabilities: state.capabilities,
    addressRequirements: state.addressRequirements ?? null,
  };
}

/** The state of a US or Canadian number from its area code, from didops' catalogue. */
export function nanpPlace(e164: string): { region?: string } {
  const area = nanpPlaceOf(e164);
  return area ? { region: area.region } : {};
}

/** `1415` for a US/CA search with an area code: narrows the owned-number scan. */
export function nanpAreaCodeDigits(inputs: PhoneNumberInputs): string | undefined {
  const s = inputs.search;
  if (!s?.areaCode || !['US', 'CA'].includes(s.country.trim().toUpperCase())) return undefined;
  return `1${s.areaCode}`;
}

/** A carrier error about a setting, pointed at the input field it came from. */
export function fieldOf(err: unknown, inputs: PhoneNumberInputs): unknown {
  if (!(err instanceof DidopsError) || err.field) return err;
  const text = `${err.summary} ${err.detail ?? ''}`;
  const field = /EmergencyAddress/i.test(text) && inputs.emergencyAddress
    ? 'emergencyAddress'
    : /AddressSid|address requirement|requires .*address/i.test(text)
      ? 'address'
      : /BundleSid|bundle/i.test(text)
        ? 'bundle'
        : /TrunkSid|trunk/i.test(text)
          ? 'trunk'
          : /VoiceUrl|VoiceMethod/i.test(text) && inputs.routingPlan !== undefined
            ? 'routingPlan'
            : /Voice|StatusCallback/i.test(text)
              ? 'voice'
              : undefined;
  if (!field) return err;
  return withField(err, field);
}
