/**
 * A number's voice settings (`GET/PATCH /v2/phone_numbers/{id}/voice`) and emergency calling
 * (`POST /v2/phone_numbers/{id}/actions/enable_emergency`, with an address from `/v2/addresses`).
 */
import type { SandboxContext } from '../../context';
import type { TelnyxApp } from '../http/router';
import { JsonFields, readJsonObject } from '../http/json-body';
import { invalidField, TelnyxErrorCode } from '../http/telnyx-error';
import { featuresOf } from '../number-search';
import { loadPhoneNumber } from '../phone-number-access';
import { settingsOf, voiceSettingsResource, type TelnyxNumberSettings } from '../phone-number-resource';

function applyVoiceSettings(body: JsonFields, s: TelnyxNumberSettings): void {
  const bool = (fields: JsonFields, key: string, apply: (v: boolean) => void) => {
    const v = fields.boolean(key);
    if (v !== undefined) apply(v);
  };
  bool(body, 'tech_prefix_enabled', (v) => (s.tech_prefix_enabled = v));
  bool(body, 'caller_id_name_enabled', (v) => (s.caller_id_name_enabled = v));
  if (body.has('translated_number')) s.translated_number = body.string('translated_number', { maxLength: 32, nullable: true }) ?? null;
  s.inbound_call_screening = body.oneOf('inbound_call_screening', ['disabled', 'reject_calls', 'flag_calls'] as const) ?? s.inbound_call_screening;
  s.usage_payment_method = body.oneOf('usage_payment_method', ['pay-per-minute', 'channel'] as const) ?? s.usage_payment_method;
  const forwarding = body.object('call_forwarding');
  if (forwarding) {
    bool(forwarding, 'call_forwarding_enabled', (v) => (s.call_forwarding.call_forwarding_enabled = v));
    s.call_forwarding.forwarding_type = forwarding.oneOf('forwarding_type', ['always', 'on-failure'] as const) ?? s.call_forwarding.forwarding_type;
    if (forwarding.has('forwards_to')) {
      const to = forwarding.string('forwards_to', { maxLength: 255, nullable: true }) || null;
      if (to !== null && !/^\+[1-9]\d{5,14}$/.test(to) && !/^sip:/.test(to)) {
        throw invalidField(forwarding.pointer('forwards_to'), `"${to.slice(0, 40)}" is neither a +E.164 number nor a sip: URI`, TelnyxErrorCode.notE164);
      }
      s.call_forwarding.forwards_to = to;
    }
  }
  const cnam = body.object('cnam_listing');
  if (cnam) {
    bool(cnam, 'cnam_listing_enabled', (v) => (s.cnam_listing.cnam_listing_enabled = v));
    // Telnyx limits the CNAM listing to 15 characters, the caller-name database's field width.
    if (cnam.has('cnam_listing_details')) s.cnam_listing.cnam_listing_details = cnam.string('cnam_listing_details', { maxLength: 15, nullable: true }) ?? null;
  }
  const recording = body.object('call_recording');
  if (recording) {
    bool(recording, 'inbound_call_recording_enabled', (v) => (s.call_recording.inbound_call_recording_enabled = v));
    s.call_recording.inbound_call_recording_format = recording.oneOf('inbound_call_recording_format', ['wav', 'mp3'] as const) ?? s.call_recording.inbound_call_recording_format;
    s.call_recording.inbound_call_recording_channels = recording.oneOf('inbound_call_recording_channels', ['single', 'dual'] as const) ?? s.call_recording.inbound_call_recording_channels;
  }
  const media = body.object('media_features');
  if (media) {
    bool(media, 'accept_any_rtp_packets_enabled', (v) => (s.media_features.accept_any_rtp_packets_enabled = v));
    bool(media, 'rtp_auto_adjust_enabled', (v) => (s.media_features.rtp_auto_adjust_enabled = v));
    bool(media, 't38_fax_gateway_enabled', (v) => (s.media_features.t38_fax_gateway_enabled = v));
  }
}

/** Registers the voice settings and emergency routes. */
export function registerTelnyxPhoneNumberVoiceRoutes(app: TelnyxApp, ctx: SandboxContext): void {
  const { phoneNumbers, addresses } = ctx.telnyx;

  app.get('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}/voice', (c) => c.json({ data: voiceSettingsResource(loadPhoneNumber(ctx, c.req.param('id')).row) }));

  app.patch('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}/voice', async (c) => {
    const { row } = loadPhoneNumber(ctx, c.req.param('id'));
    const settings = settingsOf(row);
    applyVoiceSettings(new JsonFields(await readJsonObject(c)), settings);
    const next = { ...row, data: JSON.stringify(settings), updated_at: ctx.now() };
    phoneNumbers.update(next);
    return c.json({ data: voiceSettingsResource(next) });
  });

  app.post('/phone_numbers/:id{(?:\\+|%2B)?[0-9]+}/actions/enable_emergency', async (c) => {
    const { row, number } = loadPhoneNumber(ctx, c.req.param('id'));
    const body = new JsonFields(await readJsonObject(c));
    const addressId = body.string('emergency_address_id', { required: true, maxLength: 64 }) as string;
    const enabled = body.boolean('emergency_enabled', { required: true }) as boolean;
    const settings = settingsOf(row);
    let emergencyAddressId: string | null = addressId;
    if (enabled) {
      const address = addresses.findById(addressId);
      if (!address) throw invalidField('/emergency_address_id', `"${addressId}" is not an address of this account; create one with POST /addresses`, TelnyxErrorCode.associatedMissing);
      const country = (JSON.parse(address.data) as { country_code: string }).country_code;
      if (country !== number.iso_country) {
        throw invalidField('/emergency_address_id', `address ${addressId} is in ${country}; ${row.phone_number} is a ${number.iso_country} number and needs an address there`);
      }
      if (!featuresOf(number).includes('emergency')) {
        throw invalidField('/emergency_enabled', `${row.phone_number} does not support emergency calling (only voice-capable local numbers do)`);
      }
      settings.emergency_enabled = true;
      settings.emergency_status = 'active';
    } else {
      // Disabling detaches the address, so it can be deleted afterwards.
      settings.emergency_enabled = false;
      settings.emergency_status = 'disabled';
      emergencyAddressId = null;
    }
    const next = { ...row, emergency_address_id: emergencyAddressId, data: JSON.stringify(settings), updated_at: ctx.now() };
    phoneNumbers.update(next);
    return c.json({ data: voiceSettingsResource(next) });
  });
}
