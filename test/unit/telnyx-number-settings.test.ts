/** Which connection a Telnyx number ends up on, and which settings are refused before anything is bought. */
import { ValidationError } from '../../src/core/errors';
import { connectionPlan, refuseUnsupported, TELNYX_UNSUPPORTED } from '../../src/carriers/telnyx/number-settings';

const onApp = { connectionId: '111', voice: { url: 'https://a.example/v', fallbackUrl: 'https://a.example/f' } };
const onTrunk = { connectionId: '222' };
const none = { connectionId: null };

describe('the connection a number should be on', () => {
  it.each([
    ['a voice URL on a bare number', { voice: { url: 'https://b.example/v' } }, none, { kind: 'voice', webhooks: { url: 'https://b.example/v', fallbackUrl: '' } }],
    ['a new fallback, keeping the URL', { voice: { fallbackUrl: 'https://b.example/f' } }, onApp, { kind: 'voice', webhooks: { url: 'https://a.example/v', fallbackUrl: 'https://b.example/f' } }],
    ['clearing the URL of a didops application', { voice: { url: '', fallbackUrl: '' } }, onApp, { kind: 'clear' }],
    ['clearing the URL of a number on a trunk leaves the trunk', { voice: { url: '' } }, onTrunk, { kind: 'keep' }],
    ['a trunk', { trunk: '333' }, onApp, { kind: 'trunk', connectionId: '333' }],
    ['clearing the trunk', { trunk: '' }, onTrunk, { kind: 'clear' }],
    ['clearing the trunk of a number on a voice application leaves it', { trunk: '' }, onApp, { kind: 'keep' }],
    ['nothing about routing', { tag: 'abcdefghijkl' }, onApp, { kind: 'keep' }],
    ['a trunk with the voice URL cleared', { trunk: '333', voice: { url: '' } }, onApp, { kind: 'trunk', connectionId: '333' }],
  ] as const)('%s', (_, settings, current, plan) => {
    expect(connectionPlan(settings, current)).toEqual(plan);
  });

  it('refuses a trunk and a voice URL together, and a fallback without a URL, naming the field', () => {
    expect(() => connectionPlan({ trunk: '333', voice: { url: 'https://b.example/v' } }, none)).toThrow(ValidationError);
    expect(() => connectionPlan({ trunk: '333', voice: { url: 'https://b.example/v' } }, none)).toThrow(/^trunk: .*one connection/);
    expect(() => connectionPlan({ voice: { fallbackUrl: 'https://b.example/f' } }, none)).toThrow(/^voice: .*needs a voice URL/);
  });
});

describe('settings Telnyx cannot hold', () => {
  it.each([
    [{ name: 'Support' }, 'name'],
    [{ address: 'AD0' }, 'address'],
    [{ bundle: 'BU0' }, 'bundle'],
    [{ voice: { method: 'GET' as const } }, 'voice'],
    [{ voice: { statusCallback: 'https://s.example' } }, 'voice'],
  ])('%j is refused on %s', (settings, field) => {
    expect(() => refuseUnsupported(settings)).toThrow(expect.objectContaining({ field }));
  });

  it('accepts their empty and default values, which say nothing Telnyx cannot hold', () => {
    expect(() => refuseUnsupported({ name: '', address: '', bundle: '', voice: { method: 'POST', statusCallback: '', statusCallbackMethod: 'POST' } })).not.toThrow();
  });

  it('lists them with the PhoneNumber field paths and what to do instead', () => {
    expect(Object.keys(TELNYX_UNSUPPORTED).sort()).toEqual(['address', 'bundle', 'friendlyName', 'routingPlan', 'voice.fallbackMethod', 'voice.method', 'voice.statusCallback', 'voice.statusCallbackMethod']);
  });
});
