/** getAvailableNumbers inside a real Pulumi program runtime (mocked engine), reading the stack's didops config. */
import * as pulumi from '@pulumi/pulumi';
import { getAvailableNumbers, getAvailableNumbersOutput } from '../../provider/pulumi';
import { useTestSandbox } from '../support/sandbox';

const t = useTestSandbox();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    'didops-test',
    'dev',
  );
  pulumi.runtime.setAllConfig(
    {
      'didops:twilioAccountSid': t.sandbox.accountSid,
      'didops:twilioAuthToken': t.sandbox.authToken,
      'didops:twilioBaseUrl': t.sandbox.url,
    },
    ['didops:twilioAuthToken'],
  );
});

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe('a Pulumi program choosing a number before it declares one', () => {
  it('finds the most memorable 415 numbers with the stack configuration and their monthly price', async () => {
    const found = await getAvailableNumbers({ country: 'US', areaCode: '415', rank: 'memorability', limit: 3, maxPages: 2 });
    expect(found.results).toHaveLength(3);
    expect(found.results[0].phoneNumber).toMatch(/^\+1415/);
    expect(found.results[0].price?.monthly).toEqual({ amountMinor: 115, currency: 'USD' });
    expect(found.results[0].score.score).toBeGreaterThanOrEqual(found.results[2].score.score);
  });

  it('accepts criteria that are Outputs of other resources', async () => {
    const areaCode = pulumi.output('212');
    const found = await resolved(getAvailableNumbersOutput(areaCode.apply((code) => ({ country: 'US', areaCode: code, limit: 2 }))));
    expect(found.results.map((n) => n.phoneNumber.slice(0, 5))).toEqual(['+1212', '+1212']);
  });

  it('says which config key is missing', async () => {
    pulumi.runtime.setConfig('didops:twilioAccountSid', '');
    await expect(getAvailableNumbers({ country: 'US' })).rejects.toThrow(/didops:twilioAccountSid/);
    pulumi.runtime.setConfig('didops:twilioAccountSid', t.sandbox.accountSid);
  });
});
