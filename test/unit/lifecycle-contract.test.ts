/** The carrier-independent lifecycle contract (test/support/lifecycle-contract.ts), kept by every real handler. */
import { unconfiguredCarrierSet } from '../../src/carriers/carrier-set';
import { createEmergencyAddressHandler } from '../../src/resources/emergency-address';
import { createPhoneNumberHandler } from '../../src/resources/phone-number';
import { createRoutingPlanHandler } from '../../src/resources/routing-plan';
import { describeLifecycleContract } from '../support/lifecycle-contract';

// A carrier that refuses every call: check and diff of these inputs must never need one.
const carriers = unconfiguredCarrierSet();
const tag = 'aaaaaaaaaaaa';
const hq = { customerName: 'Acme', street: '1 Main St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' };
const reception = { start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100', onNoAnswer: 'voicemail' }, voicemail: { type: 'voicemail', greeting: 'Please leave a message.' } } };

describeLifecycleContract({
  name: 'PhoneNumber',
  handler: createPhoneNumberHandler({ carriers }),
  valid: { number: '+1 415 555 0100' },
  recordedOutputs: () => ({
    sid: `PN${'0'.repeat(32)}`, e164: '+14155550100', country: 'US', region: 'CA', locality: null, type: 'local' as const,
    capabilities: { voice: true, sms: true, mms: true, fax: false }, monthlyPrice: 115, currency: 'USD', status: 'in-use',
    carrierFriendlyName: `line [didops:${tag}]`, emergencyStatus: 'Inactive', postalCode: null, addressRequirements: 'none', ownershipTag: tag, defaultName: 'line',
  }),
  invalid: { news: { search: { country: 'UK' } }, field: 'search.country' },
  replacing: ['carrier', 'number', 'search', 'adopt'],
  deleteBeforeReplace: true,
  inPlaceField: 'friendlyName',
  // A known new number is judged against what the carrier has for sale: that part of the contract needs a carrier.
});

describeLifecycleContract({
  name: 'EmergencyAddress',
  handler: createEmergencyAddressHandler({ carriers }),
  valid: hq,
  recordedOutputs: () => ({ sid: `AD${'0'.repeat(32)}`, validated: true, verified: true, emergencyEnabled: true, carrierFriendlyName: `hq [didops:${tag}]` }),
  invalid: { news: { ...hq, country: 'USA' }, field: 'country' },
  replacing: ['carrier', 'country'],
  deleteBeforeReplace: false,
  inPlaceField: 'street',
  replacement: { news: { ...hq, city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'ca' }, field: 'country' },
});

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
