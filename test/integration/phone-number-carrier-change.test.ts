/**
 * Moving a number between carriers, through the PhoneNumber handler against the sandbox (both carriers): only a
 * carrier the code names moves a number, a move that cannot find a new number fails the plan with the old one kept,
 * and changing the provider's default carrier moves nothing that exists.
 */
import { UnavailableError } from '../../src/core/errors';
import { carriersUnderTest, created, RESOURCE_SANDBOX } from '../support/carrier-resources';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox(RESOURCE_SANDBOX);
const carriers = carriersUnderTest(t);

describe('a team moving its support line from Twilio to Telnyx', () => {
  it('plans a replacement when the code names the other carrier, releasing the Twilio number first', async () => {
    const twilio = carriers.twilio;
    const { id, state } = await created(twilio, 'moving-line', { search: { country: 'US', areaCode: '312' } });
    const news = (await twilio.handler().check({ news: { carrier: 'telnyx', search: { country: 'US', areaCode: '312' } } })).inputs!;
    const diff = await twilio.handler().diff({ id, olds: state, news });
    expect(diff).toMatchObject({ changes: true, replaces: ['carrier'], deleteBeforeReplace: true });
    expect(diff.explanation[0]).toMatch(/is a Twilio number; it will be released there, then a new number bought at Telnyx/);
  });

  it('refuses the move at plan time, keeping the number, when the new carrier has no number for it', async () => {
    const twilio = carriers.twilio;
    const { id, state } = await created(twilio, 'pinned-line', { search: { country: 'US', areaCode: '415' } });
    // The exact number is owned at Twilio now, so Telnyx's inventory does not offer it: nothing can replace it there.
    const news = (await twilio.handler().check({ news: { carrier: 'telnyx', number: state.e164 } })).inputs!;
    const refused = twilio.handler().diff({ id, olds: state, news });
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    await expect(refused).rejects.toMatchObject({ field: 'number', summary: expect.stringMatching(/^the replacement cannot go ahead/) });
    await expect(twilio.handler().read({ id, state })).resolves.not.toBeNull();
  });

  it('keeps every existing number where it is when only the provider’s default carrier changes', async () => {
    const { id, state } = await created(carriers.twilio, 'default-line', { search: { country: 'US', areaCode: '415' } });
    // The same resource, which names no carrier, now planned by a provider whose default is Telnyx.
    const atTelnyxDefault = carriers.telnyx.handler();
    const news = (await atTelnyxDefault.check({ news: { search: { country: 'US', areaCode: '415' } } })).inputs!;
    const diff = await atTelnyxDefault.diff({ id, olds: state, news });
    expect(diff.replaces).toEqual([]);
    // And it is still read at Twilio, where its id says it is.
    await expect(atTelnyxDefault.read({ id, state })).resolves.toMatchObject({ id });
  });
});
