/**
 * The PhoneNumber resource and the carrier's record of a number, in both directions: the settings the resource's
 * inputs make on a number (all of them for a purchase, only what changed for an update, only what is declared for
 * an adoption), what a live number says in the resource's terms (its inputs, for drift; its facts, for fit), and
 * which input a carrier's error about a setting is about.
 */
import { nanpPlaceOf } from '../../catalogue';
import { e164Info, numberKindOf, parseE164 } from '../../core/e164';
import { DidopsError, withField } from '../../core/errors';
import { deepEqual } from '../../core/lifecycle';
import type { NumberSettings, OwnedNumber, VoiceTarget } from '../../carriers/carrier';
import { readMarker } from '../../carriers/ownership-marker';
import { flowSidOfWebhook } from '../../carriers/studio-webhook';
import type { PhoneNumberInputs, VoiceSettings } from './model';
import type { OwnedNumberFacts } from './number-fit';
import type { PhoneNumberState } from './handler';

/** The webhook a number points at to reach a routing plan's flow (the carrier's Studio knows its form). */
export type FlowWebhookOf = (flowSid: string) => string;

/** A number's name and ownership tag, and the label they make at the carrier (traits.ts `labelOf`). */
export interface NumberLabel {
  name: string;
  tag?: string;
  text: string;
}

/**
 * The carrier settings for `inputs`; with `olds`, only what differs (empty strings clear fields), the label when the
 * one it makes differs from the recorded one (a rename, or a console rename that dropped the marker).
 */
export function settingsFor(inputs: PhoneNumberInputs, label: NumberLabel, olds: (PhoneNumberState & PhoneNumberInputs) | undefined, flowWebhook: FlowWebhookOf): NumberSettings {
  const flowUrl = inputs.routingPlan !== undefined ? flowWebhook(inputs.routingPlan) : undefined;
  const all: NumberSettings = { name: label.name, ...(label.tag ? { tag: label.tag } : {}), voice: voiceSettings(inputs.voice, flowUrl) };
  const refs = { trunk: inputs.trunk, emergencyAddress: inputs.emergencyAddress, address: inputs.address, bundle: inputs.bundle };
  if (!olds) {
    for (const [key, value] of Object.entries(refs)) if (value) (all as Record<string, string>)[key] = value;
    return all;
  }
  const changed: NumberSettings = {};
  if (label.text !== olds.carrierFriendlyName) {
    changed.name = label.name;
    if (label.tag) changed.tag = label.tag;
  }
  if (!deepEqual(inputs.voice, olds.voice) || inputs.routingPlan !== olds.routingPlan) changed.voice = voiceSettings(inputs.voice, flowUrl);
  const oldRefs = { trunk: olds.trunk, emergencyAddress: olds.emergencyAddress, address: olds.address, bundle: olds.bundle };
  for (const key of Object.keys(refs) as (keyof typeof refs)[]) {
    if (refs[key] !== oldRefs[key]) changed[key] = refs[key] ?? '';
  }
  return changed;
}

/** Only the settings the inputs declare, for adopting a live number without wiping what it already does. */
export function declaredSettings(inputs: PhoneNumberInputs, label: { name: string; tag?: string }, flowWebhook: FlowWebhookOf): NumberSettings {
  const flowUrl = inputs.routingPlan !== undefined ? flowWebhook(inputs.routingPlan) : undefined;
  const voice = inputs.voice ? voiceSettings(inputs.voice, flowUrl) : flowUrl ? { url: flowUrl, method: 'POST' as const } : undefined;
  const declared: NumberSettings = { name: label.name, ...(label.tag ? { tag: label.tag } : {}), ...(voice ? { voice } : {}) };
  if (inputs.trunk) declared.trunk = inputs.trunk;
  if (inputs.emergencyAddress) declared.emergencyAddress = inputs.emergencyAddress;
  if (inputs.address) declared.address = inputs.address;
  if (inputs.bundle) declared.bundle = inputs.bundle;
  return declared;
}

/**
 * Voice settings; unset URLs are sent empty so removing one from the code clears it. A routing plan's flow webhook
 * takes the place of `voice.url` (Studio takes POST).
 */
function voiceSettings(voice: VoiceSettings | undefined, flowUrl?: string): VoiceTarget {
  return {
    url: flowUrl ?? voice?.url ?? '',
    method: flowUrl ? 'POST' : (voice?.method ?? 'POST'),
    fallbackUrl: voice?.fallbackUrl ?? '',
    fallbackMethod: voice?.fallbackMethod ?? 'POST',
    statusCallback: voice?.statusCallback ?? '',
    statusCallbackMethod: voice?.statusCallbackMethod ?? 'POST',
  };
}

/**
 * The inputs that describe the number as it is now, so a refresh shows drift as a diff. `keepsLabels`: whether the
 * number's carrier keeps names (traits.ts); where it keeps none, the number's name is no drift.
 */
export function inputsFromCarrier(n: OwnedNumber, state: Partial<PhoneNumberInputs & PhoneNumberState>, keepsLabels: boolean): PhoneNumberInputs {
  const { name, tag } = n;
  const defaultName = state.defaultName ?? (state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).name : undefined);
  const expectedTag = state.ownershipTag ?? (state.carrierFriendlyName !== undefined ? readMarker(state.carrierFriendlyName).tag : undefined);
  // A number adopted without some setting keeps managing it itself: undeclared settings of an adopted number are
  // not drift (otherwise the refresh before the next apply would plan to wipe its live webhooks).
  const managesUndeclared = state.adopt === undefined;
  // A voice URL on a Studio flow is the number's routing plan when the resource declares one, or declares no
  // `voice.url` of its own; a plan replaced in the console by another URL then shows as `routingPlan` removed.
  const liveFlow = flowSidOfWebhook(n.voice.url);
  const planOnline = liveFlow !== undefined && (state.routingPlan !== undefined || (state.voice?.url === undefined && managesUndeclared));
  const voice = voiceFromCarrier(n, planOnline);
  const inputs: PhoneNumberInputs = {
    ...(state.number !== undefined ? { number: state.number } : {}),
    ...(state.search !== undefined ? { search: state.search } : {}),
    ...(state.adopt !== undefined ? { adopt: state.adopt } : {}),
    // The number is at the carrier it was recorded at (its id says so); a declared carrier is no drift.
    ...(state.carrier !== undefined ? { carrier: state.carrier } : {}),
    // Who paid the purchase is no setting of the number: what was declared stands.
    ...(state.billing !== undefined ? { billing: state.billing } : {}),
    retainOnDelete: state.retainOnDelete ?? false,
  } as PhoneNumberInputs;
  // A name the user never set stays unset while it is the default didops gave and carries the marker; any other
  // name (or a lost marker) is drift to show, which the next update corrects. A carrier without names (Telnyx) has
  // none to show: its '' would read as a name removed, which a Telnyx number cannot even be given.
  if (keepsLabels && (state.friendlyName !== undefined || name !== defaultName || (expectedTag && tag !== expectedTag))) inputs.friendlyName = name;
  if (planOnline) inputs.routingPlan = state.routingPlan?.toUpperCase() === liveFlow.toUpperCase() ? state.routingPlan : liveFlow;
  if (state.voice !== undefined || (voice !== undefined && managesUndeclared)) inputs.voice = voice ?? voiceDefaults();
  const sid = (declared: string | undefined, live: string | null | undefined) => (declared !== undefined || managesUndeclared ? live || undefined : declared);
  const trunk = sid(state.trunk, n.trunk);
  const emergencyAddress = sid(state.emergencyAddress, n.emergencyAddress);
  const address = sid(state.address, n.address);
  const bundle = sid(state.bundle, n.bundle);
  if (trunk) inputs.trunk = trunk;
  if (emergencyAddress) inputs.emergencyAddress = emergencyAddress;
  if (address) inputs.address = address;
  if (bundle) inputs.bundle = bundle;
  return inputs;
}

function voiceDefaults(): VoiceSettings {
  return { method: 'POST', fallbackMethod: 'POST', statusCallbackMethod: 'POST' };
}

/** The number's voice settings, or undefined when they are all the defaults; a routing plan's webhook is not `url`. */
function voiceFromCarrier(n: OwnedNumber, urlIsRoutingPlan = false): VoiceSettings | undefined {
  const v = n.voice;
  const voice: VoiceSettings = {
    ...(v.url && !urlIsRoutingPlan ? { url: v.url } : {}),
    method: v.method,
    ...(v.fallbackUrl ? { fallbackUrl: v.fallbackUrl } : {}),
    fallbackMethod: v.fallbackMethod,
    ...(v.statusCallback ? { statusCallback: v.statusCallback } : {}),
    statusCallbackMethod: v.statusCallbackMethod,
  };
  return deepEqual(voice, voiceDefaults()) ? undefined : voice;
}

/** What the carrier says about an owned number (it does not say where the number is, except through NANP area codes). */
export function factsFromCarrier(n: OwnedNumber): OwnedNumberFacts {
  const info = e164Info(parseE164(n.e164));
  const place = nanpPlace(n.e164);
  return {
    sid: n.id,
    e164: n.e164,
    country: info.country ?? 'XX',
    type: n.kind ?? numberKindOf(info.type),
    region: place.region ?? null,
    locality: null,
    postalCode: null,
    capabilities: n.capabilities,
    addressRequirements: n.addressRequirements,
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

/**
 * A carrier's refusal, pointed at the input field it is about. Carriers name the setting they refused in the
 * error's `field`, in the port's words (carrier.ts `NumberSetting`); this says it in the resource's: `name` is
 * `friendlyName`, a voice URL that is a routing plan's webhook is `routingPlan`, and `number` is whichever of
 * `number` and `search` chose it. Errors about no setting point at `whole` (the way the number was chosen).
 */
export function fieldOf(err: unknown, inputs: PhoneNumberInputs, whole?: string): unknown {
  if (!(err instanceof DidopsError)) return err;
  const chosenBy = inputs.number !== undefined ? 'number' : inputs.adopt !== undefined ? 'adopt' : 'search';
  const field =
    err.field === undefined ? whole
      : err.field === 'name' ? 'friendlyName'
        : err.field === 'voice' && inputs.routingPlan !== undefined ? 'routingPlan'
          : err.field === 'number' ? chosenBy
            : err.field;
  return field && field !== err.field ? withField(err, field) : err;
}
