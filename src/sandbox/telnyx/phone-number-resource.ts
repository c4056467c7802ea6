/**
 * A Telnyx-owned number's settings and the JSON Telnyx returns for it: the number itself
 * (`NumbersPhoneNumberDetailed` in the SDK), its voice settings (`PhoneNumberWithVoiceSettings`) and its deleted form.
 */
import type { NumberType } from '../inventory';
import type { NumberRow } from '../store/numbers-repository';
import type { TelnyxPhoneNumberRow } from '../store/telnyx-numbers-repository';
import { telnyxTime } from './ids';

/** Settings kept as JSON beside the filterable columns. */
export interface TelnyxNumberSettings {
  billing_group_id: string | null;
  messaging_profile_id: string | null;
  external_pin: string | null;
  hd_voice_enabled: boolean;
  emergency_enabled: boolean;
  emergency_status: 'active' | 'disabled';
  tech_prefix_enabled: boolean;
  translated_number: string | null;
  caller_id_name_enabled: boolean;
  inbound_call_screening: 'disabled' | 'reject_calls' | 'flag_calls';
  usage_payment_method: 'pay-per-minute' | 'channel';
  call_forwarding: { call_forwarding_enabled: boolean; forwarding_type: 'always' | 'on-failure' | null; forwards_to: string | null };
  cnam_listing: { cnam_listing_enabled: boolean; cnam_listing_details: string | null };
  call_recording: { inbound_call_recording_enabled: boolean; inbound_call_recording_format: 'wav' | 'mp3'; inbound_call_recording_channels: 'single' | 'dual' };
  media_features: { accept_any_rtp_packets_enabled: boolean; rtp_auto_adjust_enabled: boolean; t38_fax_gateway_enabled: boolean };
}

/** Settings of a freshly ordered number. */
export function defaultSettings(fromOrder: { billing_group_id: string | null; messaging_profile_id: string | null }): TelnyxNumberSettings {
  return {
    billing_group_id: fromOrder.billing_group_id,
    messaging_profile_id: fromOrder.messaging_profile_id,
    external_pin: null,
    hd_voice_enabled: false,
    emergency_enabled: false,
    emergency_status: 'disabled',
    tech_prefix_enabled: false,
    translated_number: null,
    caller_id_name_enabled: false,
    inbound_call_screening: 'disabled',
    usage_payment_method: 'pay-per-minute',
    call_forwarding: { call_forwarding_enabled: true, forwarding_type: null, forwards_to: null },
    cnam_listing: { cnam_listing_enabled: false, cnam_listing_details: null },
    call_recording: { inbound_call_recording_enabled: false, inbound_call_recording_format: 'wav', inbound_call_recording_channels: 'single' },
    media_features: { accept_any_rtp_packets_enabled: false, rtp_auto_adjust_enabled: true, t38_fax_gateway_enabled: false },
  };
}

/** Telnyx's spelling of an inventory number type. */
export const TELNYX_NUMBER_TYPE: Readonly<Record<NumberType, 'local' | 'toll_free' | 'mobile'>> = { local: 'local', tollFree: 'toll_free', mobile: 'mobile' };

/** The settings of a stored number. */
export function settingsOf(row: TelnyxPhoneNumberRow): TelnyxNumberSettings {
  return JSON.parse(row.data) as TelnyxNumberSettings;
}

/** `NumbersPhoneNumberDetailed`: the number as `GET /phone_numbers/{id}` returns it. */
export function phoneNumberResource(row: TelnyxPhoneNumberRow, number: NumberRow, connectionName: string | null) {
  const s = settingsOf(row);
  return {
    id: row.id,
    record_type: 'phone_number',
    phone_number: row.phone_number,
    status: 'active',
    tags: JSON.parse(row.tags) as string[],
    external_pin: s.external_pin,
    connection_id: row.connection_id,
    connection_name: connectionName,
    customer_reference: row.customer_reference,
    messaging_profile_id: s.messaging_profile_id,
    messaging_profile_name: null,
    messaging_campaign_id: null,
    billing_group_id: s.billing_group_id,
    emergency_enabled: s.emergency_enabled,
    emergency_address_id: row.emergency_address_id,
    emergency_status: s.emergency_status,
    call_forwarding_enabled: s.call_forwarding.call_forwarding_enabled,
    cnam_listing_enabled: s.cnam_listing.cnam_listing_enabled,
    caller_id_name_enabled: s.caller_id_name_enabled,
    call_recording_enabled: s.call_recording.inbound_call_recording_enabled,
    t38_fax_gateway_enabled: s.media_features.t38_fax_gateway_enabled,
    hd_voice_enabled: s.hd_voice_enabled,
    inbound_call_screening: s.inbound_call_screening,
    phone_number_type: TELNYX_NUMBER_TYPE[number.type],
    country_iso_alpha2: number.iso_country,
    deletion_lock_enabled: false,
    source_type: 'number_order' as const,
    purchased_at: telnyxTime(row.created_at),
    activated_at: telnyxTime(row.created_at),
    created_at: telnyxTime(row.created_at),
    updated_at: telnyxTime(row.updated_at),
  };
}

/** `PhoneNumberWithVoiceSettings`: `GET /phone_numbers/{id}/voice` and the emergency action. */
export function voiceSettingsResource(row: TelnyxPhoneNumberRow) {
  const s = settingsOf(row);
  return {
    id: row.id,
    record_type: 'voice_settings',
    phone_number: row.phone_number,
    connection_id: row.connection_id,
    customer_reference: row.customer_reference,
    tech_prefix_enabled: s.tech_prefix_enabled,
    translated_number: s.translated_number,
    usage_payment_method: s.usage_payment_method,
    inbound_call_screening: s.inbound_call_screening,
    call_forwarding: s.call_forwarding,
    cnam_listing: s.cnam_listing,
    call_recording: s.call_recording,
    media_features: s.media_features,
    emergency: { emergency_enabled: s.emergency_enabled, emergency_address_id: row.emergency_address_id, emergency_status: s.emergency_status },
  };
}

/** The deleted number `DELETE /phone_numbers/{id}` returns. */
export function deletedPhoneNumberResource(row: TelnyxPhoneNumberRow, number: NumberRow, connectionName: string | null) {
  const full = phoneNumberResource(row, number, connectionName);
  // The delete answer declares no emergency_status, screening, source or country fields; the rest is the number as it was.
  const { emergency_status, inbound_call_screening, source_type, country_iso_alpha2, messaging_campaign_id, ...rest } = full;
  void emergency_status, void inbound_call_screening, void source_type, void country_iso_alpha2, void messaging_campaign_id;
  return { ...rest, status: 'deleted' };
}
