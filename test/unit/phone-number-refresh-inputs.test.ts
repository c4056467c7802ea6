/**
 * What a refresh says a number's inputs are now (inputsFromCarrier): a Telnyx number, which carries no name, shows
 * no name drift, and the declared carrier is kept, so `terraform plan` after an apply is empty.
 */
import type { OwnedNumber } from '../../src/carriers/carrier';
import { inputsFromCarrier } from '../../src/resources/phone-number/carrier-number';

const telnyxNumber: OwnedNumber = {
  id: '1293384261075731499',
  e164: '+14155550123',
  label: '',
  name: '',
  tag: 'abcdefghijkl',
  status: 'active',
  capabilities: { voice: true, sms: true, mms: false, fax: false },
  addressRequirements: null,
  voice: { url: 'https://example.com/voice', method: 'POST', fallbackUrl: '', fallbackMethod: 'POST', statusCallback: '', statusCallbackMethod: 'POST' },
  messaging: { url: '', fallbackUrl: '' },
  trunk: null,
  emergencyAddress: null,
  emergencyStatus: 'Inactive',
  address: null,
  bundle: null,
};

describe('refreshing a Telnyx number bought by a resource named "support"', () => {
  const recorded = {
    carrier: 'telnyx' as const,
    search: { country: 'US', areaCode: '415' },
    voice: { url: 'https://example.com/voice', method: 'POST' as const, fallbackMethod: 'POST' as const, statusCallbackMethod: 'POST' as const },
    retainOnDelete: false,
    defaultName: 'support',
    ownershipTag: 'abcdefghijkl',
  };

  it('keeps the declared carrier and shows no name, since Telnyx numbers carry none', () => {
    const inputs = inputsFromCarrier(telnyxNumber, recorded as never, false);
    expect(inputs.carrier).toBe('telnyx');
    expect(inputs).not.toHaveProperty('friendlyName');
    expect(inputs.voice?.url).toBe('https://example.com/voice');
  });

  it('on a carrier that keeps names, a name that is not the default is still drift', () => {
    const inputs = inputsFromCarrier({ ...telnyxNumber, label: 'Renamed [didops:abcdefghijkl]', name: 'Renamed' }, recorded as never, true);
    expect(inputs.friendlyName).toBe('Renamed');
    expect(inputs.carrier).toBe('telnyx');
  });
});
