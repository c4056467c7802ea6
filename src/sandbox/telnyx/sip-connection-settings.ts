/**
 * Telnyx's SIP connections: how calls reach a customer's own equipment. A `credential` connection registers with a
 * user name and password, an `fqdn` one is reached at a host name, an `ip` one at an address. Each kind has the
 * settings the official SDK declares for it (`CredentialConnection`, `FqdnConnection`, `IPConnection`), most shared;
 * this module says which, with their defaults and bounds (http/settings-spec.ts reads bodies against them).
 */
import { randomBytes } from 'node:crypto';
import { applySettings, bool, defaultsOf, int, object, oneOf, readOnly, strings, text, url, type SettingsSpec } from './http/settings-spec';
import { invalidField, TelnyxErrorCode } from './http/telnyx-error';
import type { JsonFields } from './http/json-body';
import { telnyxTime } from './ids';
import type { TelnyxDocumentRow } from '../store/telnyx-documents-repository';

/** The kinds of SIP connection the sandbox serves. */
export const SIP_CONNECTION_KINDS = ['credential', 'fqdn', 'ip'] as const;
/** One of {@link SIP_CONNECTION_KINDS}. */
export type SipConnectionKind = (typeof SIP_CONNECTION_KINDS)[number];

/** How Telnyx shows a password after the answer to the request that set it. */
export const MASKED_PASSWORD = '********';

const ANCHORSITES = ['Latency', 'Chicago, IL', 'Ashburn, VA', 'San Jose, CA', 'Sydney, Australia', 'Amsterdam, Netherlands', 'London, UK',
  'Toronto, Canada', 'Vancouver, Canada', 'Frankfurt, Germany'];
const ENGINES = ['denoiser', 'deep_filter_net', 'deep_filter_net_large', 'krisp_viva_tel', 'krisp_viva_tel_lite', 'krisp_viva_promodel', 'krisp_viva_ss', 'quail_voice_focus'];
const DIGITS4 = { pattern: /^\d{4}$/, hint: 'must be exactly 4 digits' };

const INBOUND: SettingsSpec = {
  ani_number_format: oneOf(['+E.164', 'E.164', '+E.164-national', 'E.164-national'], '+E.164'),
  channel_limit: int(1, 100_000, null),
  codecs: strings(['G722', 'G711U', 'G711A', 'G729', 'OPUS', 'H.264'], 10, 16),
  default_routing_method: oneOf(['sequential', 'round-robin'], 'sequential'),
  dnis_number_format: oneOf(['+e164', 'e164', 'national', 'sip_username'], 'e164'),
  generate_ringback_tone: bool(false),
  isup_headers_enabled: bool(false),
  prack_enabled: bool(false),
  shaken_stir_enabled: bool(false),
  sip_compact_headers_enabled: bool(true),
  timeout_1xx_secs: int(1, 120, 3),
  timeout_2xx_secs: int(1, 600, 90),
};

const OUTBOUND: SettingsSpec = {
  ani_override: text(null, 32),
  ani_override_type: oneOf(['always', 'normal', 'emergency'], 'always'),
  call_parking_enabled: bool(false),
  channel_limit: int(1, 100_000, null),
  generate_ringback_tone: bool(false),
  instant_ringback_enabled: bool(true),
  localization: text(null, 2, { pattern: /^[A-Z]{2}$/, hint: 'must be an ISO 3166-1 alpha-2 country code in capitals (e.g. US)' }),
  outbound_voice_profile_id: text(null, 64),
  t38_reinvite_source: oneOf(['telnyx', 'customer', 'disabled', 'passthru', 'caller-passthru', 'callee-passthru'], 'telnyx'),
};

/** Settings every kind has. */
const COMMON: SettingsSpec = {
  active: bool(true),
  anchorsite_override: oneOf(ANCHORSITES, 'Latency'),
  android_push_credential_id: text(null, 64),
  call_cost_in_webhooks: bool(false),
  conversation_persistence: bool(false),
  default_on_hold_comfort_noise_enabled: bool(false),
  dtmf_type: oneOf(['RFC 2833', 'Inband', 'SIP INFO'], 'RFC 2833'),
  encode_contact_header_enabled: bool(false),
  encrypted_media: oneOf(['SRTP'], null),
  ios_push_credential_id: text(null, 64),
  jitter_buffer: object({ enable_jitter_buffer: bool(false), jitterbuffer_msec_max: int(40, 400, 200), jitterbuffer_msec_min: int(40, 400, 60) }),
  noise_suppression: oneOf(['inbound', 'outbound', 'both', 'disabled'], 'disabled'),
  noise_suppression_details: object({ attenuation_limit: int(0, 100, 80), engine: oneOf(ENGINES, 'denoiser') }),
  onnet_t38_passthrough_enabled: bool(false),
  rtcp_settings: object({ capture_enabled: bool(false), port: oneOf(['rtcp-mux', 'rtp+1'], 'rtp+1'), report_frequency_secs: int(5, 3000, 5) }),
  tags: strings([]),
  webhook_api_version: oneOf(['1', '2'], '1'),
  webhook_event_failover_url: url(),
  webhook_event_url: url(),
  webhook_timeout_secs: int(0, 30, null),
};

/** Inbound settings of connections Telnyx reaches by address (FQDN and IP). */
const ADDRESSED_INBOUND: SettingsSpec = {
  ...INBOUND,
  sip_region: oneOf(['US', 'Europe', 'Australia'], 'US'),
  sip_subdomain: text(null, 63),
  sip_subdomain_receive_settings: oneOf(['only_my_connections', 'from_anyone'], 'from_anyone'),
};

/** Each kind's settings, its `record_type`, and its fields a client names at creation. */
export const SIP_CONNECTION_SPECS: Readonly<Record<SipConnectionKind, { recordType: string; spec: SettingsSpec }>> = {
  credential: {
    recordType: 'credential_connection',
    spec: {
      ...COMMON,
      sip_uri_calling_preference: oneOf(['disabled', 'unrestricted', 'internal'], 'disabled'),
      inbound: object({ ...INBOUND, simultaneous_ringing: oneOf(['disabled', 'enabled'], 'disabled') }),
      outbound: object(OUTBOUND),
    },
  },
  fqdn: {
    recordType: 'fqdn_connection',
    spec: {
      ...COMMON,
      adjust_dtmf_timestamp: readOnly(bool(false)),
      call_cost_enabled: readOnly(bool(false)),
      ignore_dtmf_duration: readOnly(bool(false)),
      ignore_mark_bit: readOnly(bool(false)),
      microsoft_teams_sbc: bool(false),
      rtp_pass_codecs_on_stream_change: readOnly(bool(false)),
      send_normalized_timestamps: readOnly(bool(false)),
      third_party_control_enabled: readOnly(bool(false)),
      transport_protocol: oneOf(['UDP', 'TCP', 'TLS'], 'UDP'),
      inbound: object({ ...ADDRESSED_INBOUND, default_primary_fqdn_id: text(null, 64), default_secondary_fqdn_id: text(null, 64), default_tertiary_fqdn_id: text(null, 64) }),
      outbound: object({
        ...OUTBOUND, encrypted_media: oneOf(['SRTP'], null), ip_authentication_method: oneOf(['credential-authentication', 'ip-authentication'], 'credential-authentication'),
        ip_authentication_token: text(null, 64), tech_prefix: text(null, 4, DIGITS4), timeout_1xx_secs: int(1, 120, 3), timeout_2xx_secs: int(1, 600, 90),
      }),
    },
  },
  ip: {
    recordType: 'ip_connection',
    spec: {
      ...COMMON,
      transport_protocol: oneOf(['UDP', 'TCP', 'TLS'], 'UDP'),
      inbound: object({ ...ADDRESSED_INBOUND, default_primary_ip_id: text(null, 64), default_secondary_ip_id: text(null, 64), default_tertiary_ip_id: text(null, 64) }),
      outbound: object({ ...OUTBOUND, ip_authentication_method: oneOf(['tech-prefixp-charge-info', 'token'], 'token'), ip_authentication_token: text(null, 64), tech_prefix: text(null, 4, DIGITS4) }),
    },
  },
};

/** A stored connection: its settings plus the name and, where the kind has them, the credentials. */
export type SipConnectionData = Record<string, unknown> & { connection_name: string; user_name?: string; password?: string };

// Telnyx's rule for credential user names: 4-32 letters and digits, a letter among the first five.
const USER_NAME = /^(?=[A-Za-z0-9]{0,4}[A-Za-z])[A-Za-z0-9]{4,32}$/;

function readCredentials(body: JsonFields, required: boolean): { user_name?: string; password?: string } {
  const userName = body.string('user_name', { required, maxLength: 32 }) ?? undefined;
  if (userName !== undefined && !USER_NAME.test(userName)) {
    throw invalidField('/user_name', `"${userName}" must be 4-32 letters and digits, with a letter among the first five`);
  }
  const password = body.string('password', { required, maxLength: 128 }) ?? undefined;
  if (password !== undefined && password.length < 8) throw invalidField('/password', 'must be 8 to 128 characters long');
  return { ...(userName !== undefined && { user_name: userName }), ...(password !== undefined && { password }) };
}

/**
 * The settings a create (`current` undefined) or update body asks for. A credential connection needs its name,
 * user name and password; an FQDN one its name; an IP one nothing. FQDN connections get generated credentials, as
 * Telnyx gives them for authenticating outbound calls.
 */
export function applySipConnectionFields(kind: SipConnectionKind, body: JsonFields, current: SipConnectionData | undefined): SipConnectionData {
  const { spec } = SIP_CONNECTION_SPECS[kind];
  const base = current ?? { ...defaultsOf(spec), connection_name: '', ...(kind === 'fqdn' && generatedCredentials()) };
  const next = applySettings(body, spec, base) as SipConnectionData;
  const name = body.string('connection_name', { required: current === undefined && kind !== 'ip', maxLength: 255 });
  if (name !== undefined && name !== null) next.connection_name = name;
  if (kind === 'credential') Object.assign(next, readCredentials(body, current === undefined));
  if (next.encrypted_media === 'SRTP' && next.transport_protocol === 'TLS') {
    throw invalidField('/encrypted_media', 'SRTP cannot be set when transport_protocol is TLS', TelnyxErrorCode.badRequest);
  }
  return next;
}

function generatedCredentials(): { user_name: string; password: string } {
  return { user_name: `fqdn${randomBytes(6).toString('hex')}`, password: randomBytes(12).toString('base64url') };
}

/**
 * The connection as Telnyx returns it. The password is shown in full only in the answer to the request that set it
 * (`revealPassword`), as Telnyx does for accounts created since September 2026, and `********` everywhere else.
 */
export function sipConnectionResource(kind: SipConnectionKind, row: TelnyxDocumentRow, revealPassword = false) {
  const data = JSON.parse(row.data) as SipConnectionData;
  const shown = data.password === undefined ? {} : { password: revealPassword ? data.password : MASKED_PASSWORD };
  return { id: row.id, record_type: SIP_CONNECTION_SPECS[kind].recordType, ...data, ...shown, created_at: telnyxTime(row.created_at), updated_at: telnyxTime(row.updated_at) };
}
