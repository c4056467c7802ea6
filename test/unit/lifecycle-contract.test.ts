/**
 * The lifecycle contract (test/support/lifecycle-contract.ts), kept by every real handler: PhoneNumber and
 * EmergencyAddress with each carrier as the provider's default, RoutingPlan (Studio, so Twilio only) once.
 */
import { CARRIER_NAMES, type CarrierName } from '../../src/carriers/carrier';
import { carrierSet, unconfiguredCarrierSet, type CarrierSet } from '../../src/carriers/carrier-set';
import { createEmergencyAddressHandler } from '../../src/resources/emergency-address';
import { createPhoneNumberHandler } from '../../src/resources/phone-number';
import { createRoutingPlanHandler } from '../../src/resources/routing-plan';
import { describeLifecycleContract } from '../support/lifecycle-contract';

/** A provider configured with `names`, `defaultName` first, whose carriers refuse to be built: check and diff must never need one. */
function configured(defaultName: CarrierName, names: readonly CarrierName[] = CARRIER_NAMES): CarrierSet {
  const refuse = () => {
    throw new Error('check and diff must not call a carrier');
  };
  return carrierSet(Object.fromEntries(names.map((n) => [n, refuse])), defaultName);
}
// A set whose configuration is not known yet (Terraform validating before it configures): RoutingPlan's checks.
const carriers = unconfiguredCarrierSet();
const tag = 'aaaaaaaaaaaa';
const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
const reception = { start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100', onNoAnswer: 'voicemail' }, voicemail: { type: 'voicemail', greeting: 'Please leave a message.' } } };

/** Each carrier's ids, as a recorded resource has them. */
const IDS: Record<CarrierName, { number: string; address: string }> = {
  twilio: { number: `PN${'0'.repeat(32)}`, address: `AD${'0'.repeat(32)}` },
  telnyx: { number: '1293384261075731499', address: '1293384261075731500' },
};
const other = (name: CarrierName): CarrierName => (name === 'twilio' ? 'telnyx' : 'twilio');
const line = { number: '+14155550100' };

for (const name of CARRIER_NAMES) {
  const only = configured(name, [name]);
  describeLifecycleContract({
    name: `PhoneNumber at ${name}`,
    handler: createPhoneNumberHandler({ carriers: configured(name) }),
    valid: { number: '+1 415 555 0100' },
    recordedOutputs: () => ({
      sid: IDS[name].number, e164: '+14155550100', country: 'US', region: 'CA', locality: null, type: 'local' as const,
      capabilities: { voice: true, sms: true, mms: true, fax: false }, monthlyPrice: 115, currency: 'USD', status: name === 'twilio' ? 'in-use' : 'active',
      // Telnyx numbers keep no name; the tag is their customer_reference.
      carrierFriendlyName: name === 'twilio' ? `line [didops:${tag}]` : '', emergencyStatus: 'Inactive', postalCode: null, addressRequirements: 'none', ownershipTag: tag, defaultName: 'line',
    }),
    invalid: { news: { search: { country: 'UK' } }, field: 'search.country' },
    refusals: [
      { news: { ...line, carrier: other(name) }, field: 'carrier', handler: createPhoneNumberHandler({ carriers: only }) },
      { news: { ...line, emergencyAddress: IDS[other(name)].address }, field: 'emergencyAddress' },
      ...(name === 'telnyx'
        ? [
            { news: { ...line, friendlyName: 'Support line' }, field: 'friendlyName' },
            { news: { ...line, routingPlan: `FW${'0'.repeat(32)}` }, field: 'routingPlan' },
            { news: { ...line, address: IDS.twilio.address }, field: 'address' },
            { news: { ...line, bundle: `BU${'0'.repeat(32)}` }, field: 'bundle' },
            { news: { ...line, voice: { url: 'https://example.com/voice', method: 'GET' } }, field: 'voice.method' },
            // One connection per Telnyx number; a failover URL fails over from a webhook URL.
            { news: { ...line, trunk: '1293384261075731499', voice: { url: 'https://example.com/voice' } }, field: 'trunk' },
            { news: { ...line, voice: { fallbackUrl: 'https://example.com/fallback' } }, field: 'voice.fallbackUrl' },
            // Criteria Telnyx's search can neither filter on nor report, refused rather than ignored.
            { news: { search: { country: 'US', postalCode: '94105' } }, field: 'search.postalCode' },
            { news: { search: { country: 'US', near: { number: '+14155550100' } } }, field: 'search.near' },
            { news: { search: { country: 'US', excludeAddressRequired: 'any' } }, field: 'search.excludeAddressRequired' },
          ]
        : []),
    ],
    replacing: ['carrier', 'number', 'search', 'adopt'],
    deleteBeforeReplace: true,
    inPlaceField: name === 'twilio' ? 'friendlyName' : 'voice',
    // A known new number, or a known new carrier, is judged against what the carrier has for sale: that part of the
    // contract needs a carrier (test/integration/phone-number-carrier-change.test.ts runs it against the sandbox).
  });

  // Telnyx cannot change an address: there every field replaces it, the new one created first.
  const addressFields = ['customerName', 'street', 'streetSecondary', 'city', 'region', 'postalCode', 'friendlyName'];
  describeLifecycleContract({
    name: `EmergencyAddress at ${name}`,
    handler: createEmergencyAddressHandler({ carriers: configured(name) }),
    valid: hq,
    recordedOutputs: () => ({ sid: IDS[name].address, validated: true, verified: name === 'twilio', emergencyEnabled: true, carrierFriendlyName: `hq [didops:${tag}]` }),
    invalid: { news: { ...hq, country: 'USA' }, field: 'country' },
    refusals: [{ news: { ...hq, carrier: other(name) }, field: 'carrier', handler: createEmergencyAddressHandler({ carriers: only }) }],
    replacing: ['carrier', 'country', ...(name === 'telnyx' ? addressFields : [])],
    deleteBeforeReplace: false,
    ...(name === 'twilio' ? { inPlaceField: 'street' } : {}),
    replacements: [
      // At Telnyx a new city would replace too, so only the country moves there.
      { news: name === 'twilio' ? { ...hq, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'ca' } : { ...hq, country: 'ca' }, field: 'country' },
      { news: { ...hq, carrier: other(name) }, field: 'carrier' },
      ...(name === 'telnyx' ? [{ news: { ...hq, street: '2 Main St' }, field: 'street' }] : []),
    ],
  });
}

describeLifecycleContract({
  name: 'RoutingPlan',
  handler: createRoutingPlanHandler({ carriers }),
  valid: { plan: reception },
  recordedOutputs: async (inputs) => {
    // The outputs a create records, as its preview computes them (digest, states), named as the plan is.
    const preview = await createRoutingPlanHandler({ carriers }).create({ inputs, preview: true, identity: { type: 'didops:RoutingPlan', name: 'reception' } });
    return { ...preview.outputs, sid: `FW${'0'.repeat(32)}`, carrierFriendlyName: 'reception' };
  },
  invalid: { news: { plan: reception, retainOnDelete: 'yes' }, field: 'retainOnDelete' },
  // The flow's SID is what numbers point at: nothing replaces it.
  replacing: [],
  deleteBeforeReplace: false,
  inPlaceField: 'friendlyName',
});

describe('a PhoneNumber checked before the provider is configured (terraform validate)', () => {
  it('takes another carrier’s ids on a number that names no carrier, leaving them to the plan, which knows the default', async () => {
    const handler = createPhoneNumberHandler({ carriers: unconfiguredCarrierSet() });
    const checked = await handler.check({ news: { search: { country: 'US' }, trunk: '1293384261075731499', emergencyAddress: '2165017409361742783' } });
    expect(checked.failures).toEqual([]);
    // A number that names its carrier is checked against it at once.
    const named = await handler.check({ news: { carrier: 'twilio', search: { country: 'US' }, trunk: '1293384261075731499' } });
    expect(named.failures.map((f) => f.field)).toEqual(['trunk']);
  });
});
