/**
 * The port's number settings against what a Telnyx number can hold, as pure functions: which settings Telnyx cannot
 * express (refused before anything is bought), which connection a number should end up on, and how a Telnyx number
 * reads back in the port's terms.
 *
 * A Telnyx number routes calls through exactly one connection. `trunk` is a connection the user made (a SIP
 * connection); `voice.url`/`fallbackUrl` become a didops Call Control Application (voice-connections.ts). Both at
 * once cannot be held, so asking for both is refused rather than one silently winning.
 */
import type { NumbersPhoneNumberDetailed } from 'telnyx/resources/phone-numbers/phone-numbers';
import { ValidationError } from '../../core/errors';
import type { NumberKind, NumberSettings, OwnedNumber } from '../carrier';
import { tagOf } from './customer-reference';
import type { VoiceWebhooks } from './voice-connections';

/**
 * Settings a Telnyx number cannot honour, with why and what to do instead (the carrier's `unsupported`).
 *
 * `friendlyName`: Telnyx numbers have no label. Their one free-text field, `customer_reference`, is didops' ownership
 * marker, and it must stay exactly `didops:<tag>` because Telnyx filters it by exact value (the lookup that makes a
 * crashed order findable); so a name is not folded into it.
 */
export const TELNYX_UNSUPPORTED: Readonly<Record<string, string>> = Object.freeze({
  friendlyName: 'Telnyx numbers have no label (friendlyName is Twilio-only); leave it out, or keep notes in your own code',
  'voice.method': 'Telnyx posts call webhooks (POST only); leave voice.method out or set it to POST',
  'voice.fallbackMethod': 'Telnyx posts call webhooks (POST only); leave voice.fallbackMethod out or set it to POST',
  'voice.statusCallback': 'Telnyx sends call status events to the same webhook URL as the call itself; leave voice.statusCallback out and handle call.hangup events at voice.url',
  'voice.statusCallbackMethod': 'Telnyx has no separate status callback; leave voice.statusCallbackMethod out',
  address: 'regulatory addresses are Twilio-only in didops: Telnyx keeps a number\'s address where it cannot be read back; use emergencyAddress for emergency calling',
  bundle: 'regulatory bundles are Twilio-only in didops; Telnyx handles regulatory requirements on the number order',
  routingPlan: 'routing plans compile to Twilio Studio flows, which a Telnyx number cannot run; point voice.url at your own Telnyx call control webhook instead',
});

function refusal(field: string, summary: string, key: string): ValidationError {
  return new ValidationError({ field, summary, detail: TELNYX_UNSUPPORTED[key], source: 'didops' });
}

/** Throws for a setting Telnyx cannot hold, before anything is bought or changed (empty values are fine). */
export function refuseUnsupported(settings: NumberSettings): void {
  if (settings.name) throw refusal('name', `a name ("${settings.name}") cannot be kept on a Telnyx number`, 'friendlyName');
  if (settings.address) throw refusal('address', `address "${settings.address}" cannot be set on a Telnyx number through didops`, 'address');
  if (settings.bundle) throw refusal('bundle', `bundle "${settings.bundle}" cannot be set on a Telnyx number`, 'bundle');
  const voice = settings.voice ?? {};
  if (voice.method === 'GET') throw refusal('voice', 'voice method GET cannot be used with Telnyx', 'voice.method');
  if (voice.fallbackMethod === 'GET') throw refusal('voice', 'voice fallback method GET cannot be used with Telnyx', 'voice.fallbackMethod');
  if (voice.statusCallback) throw refusal('voice', `status callback "${voice.statusCallback}" cannot be set on a Telnyx number`, 'voice.statusCallback');
}

/** What a number's connection is now: the id, and the webhooks when it is a didops application. */
export interface CurrentConnection {
  connectionId: string | null;
  voice?: VoiceWebhooks;
}

/** Where the number's calls should go after applying settings. */
export type ConnectionPlan =
  | { readonly kind: 'keep' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'trunk'; readonly connectionId: string }
  | { readonly kind: 'voice'; readonly webhooks: VoiceWebhooks };

/** The connection settings ask for, given the current one (absent keys leave things alone, `''` clears). */
export function connectionPlan(settings: NumberSettings, current: CurrentConnection): ConnectionPlan {
  const voice = settings.voice ?? {};
  const voiceGiven = voice.url !== undefined || voice.fallbackUrl !== undefined;
  const webhooks: VoiceWebhooks = {
    url: voice.url ?? current.voice?.url ?? '',
    fallbackUrl: voice.fallbackUrl ?? current.voice?.fallbackUrl ?? '',
  };
  if (settings.trunk && voiceGiven && webhooks.url) {
    throw new ValidationError({
      field: 'trunk',
      summary: `a Telnyx number takes its calls through one connection: trunk "${settings.trunk}" and voice URL "${webhooks.url}" cannot both be set`,
      detail: 'give either trunk (a SIP connection id) or voiceUrl, not both',
    });
  }
  if (settings.trunk) return { kind: 'trunk', connectionId: settings.trunk };
  if (voiceGiven) {
    if (webhooks.url) return { kind: 'voice', webhooks };
    if (webhooks.fallbackUrl) {
      throw new ValidationError({
        field: 'voice',
        summary: `a fallback URL ("${webhooks.fallbackUrl}") needs a voice URL on Telnyx`,
        detail: 'Telnyx fails over from the application\'s webhook URL; set voiceUrl too, or clear voiceFallbackUrl',
      });
    }
    // Clearing the voice URL leaves a trunk alone, and clears a didops application (or what trunk '' says).
    if (current.voice || settings.trunk === '') return current.connectionId ? { kind: 'clear' } : { kind: 'keep' };
    return { kind: 'keep' };
  }
  if (settings.trunk === '' && current.connectionId && !current.voice) return { kind: 'clear' };
  return { kind: 'keep' };
}

const KIND_FROM_TELNYX: Readonly<Record<string, NumberKind>> = { local: 'local', mobile: 'mobile', toll_free: 'tollFree', tollfree: 'tollFree' };

/** Telnyx's emergency status in the port's words (`Active`, `Inactive`, or Telnyx's word while it changes). */
function emergencyStatusOf(status: string | undefined, enabled: boolean | undefined): string {
  if (status === 'active') return 'Active';
  if (status === 'disabled' || status === undefined) return enabled ? 'Active' : 'Inactive';
  return status;
}

/** A Telnyx number in the port's terms; `voice` is set when its connection is a didops application. */
export function ownedFromTelnyx(n: NumbersPhoneNumberDetailed, voice: VoiceWebhooks | undefined): OwnedNumber {
  const tag = tagOf(n.customer_reference);
  const connectionId = n.connection_id || null;
  return {
    id: n.id,
    e164: n.phone_number,
    label: '',
    name: '',
    // Telnyx sends a number's messages through a messaging profile, never to a Studio flow's webhook.
    messaging: { url: '', fallbackUrl: '' },
    ...(tag ? { tag } : {}),
    status: n.status,
    kind: KIND_FROM_TELNYX[n.phone_number_type],
    // Telnyx's number record lists no features: what a number can do is known from the search it was bought from
    // (the resource records it then), not from here.
    capabilities: null,
    addressRequirements: null,
    voice: { url: voice?.url ?? '', method: 'POST', fallbackUrl: voice?.fallbackUrl ?? '', fallbackMethod: 'POST', statusCallback: '', statusCallbackMethod: 'POST' },
    trunk: voice ? null : connectionId,
    emergencyAddress: n.emergency_enabled ? (n.emergency_address_id ?? null) : null,
    emergencyStatus: emergencyStatusOf(n.emergency_status, n.emergency_enabled),
    address: null,
    bundle: null,
  };
}
