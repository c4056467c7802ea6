/**
 * A `pulumi preview` whose inputs are not known yet (outputs of resources the same run creates), through Pulumi's real
 * dynamic-provider host over gRPC against the sandbox: an unknown `number` is planned as the replacement it may be,
 * exactly as Terraform plans it, and an unknown setting as an update in place.
 */
import { serializableProvider } from '../../provider/pulumi/serializable-provider';
import { dynamicUrn, PROVIDER_KEY, serializeDynamicProvider, UNKNOWN_VALUE, type DynamicProviderHost } from '../support/pulumi-provider-host';
import { startSandboxProviderHost } from '../support/pulumi-sandbox-host';
import { useTestSandbox } from '../support/sandbox';
import { expectBuiltHost } from '../support/pulumi-build';

const t = useTestSandbox();

type Props = Record<string, unknown>;

let host: DynamicProviderHost;
let provider: string;

beforeAll(async () => {
  // The host runs plain Node, so the serialized provider loads the compiled host from dist/.
  expectBuiltHost();
  provider = await serializeDynamicProvider(serializableProvider('PhoneNumber'));
  host = await startSandboxProviderHost(t.sandbox);
});
afterAll(async () => {
  await host?.close();
});

/** The inputs `new PhoneNumber(name, args)` sends, hidden ones included. */
function declared(name: string, args: Props): { urn: string; inputs: Props } {
  const urn = dynamicUrn({ module: 'didops', type: 'PhoneNumber', name });
  return { urn, inputs: { ...args, [PROVIDER_KEY]: provider, __identity: { type: 'didops:PhoneNumber', name, urn } } };
}

describe('a preview of a line whose number comes from a resource not created yet', () => {
  let line: { urn: string; id: string; state: Props };

  beforeAll(async () => {
    const [available] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
    const { urn, inputs } = declared('support', { number: available.phoneNumber });
    const checked = await host.check(urn, {}, inputs);
    const created = await host.create(urn, checked.inputs);
    line = { urn, id: created.id, state: created.properties };
  });
  afterAll(async () => {
    if (line) await host.delete(line.urn, line.id, line.state);
  });

  it('passes check, and plans a replacement that releases the old number first, buying nothing during the preview', async () => {
    const owned = (await t.client.incomingPhoneNumbers.list()).length;
    const { urn, inputs } = declared('support', { number: UNKNOWN_VALUE });
    const checked = await host.check(urn, line.state, inputs);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.number).toBe(UNKNOWN_VALUE);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({
      changes: 'some',
      replaces: ['number'],
      deleteBeforeReplace: true,
    });
    expect((await t.client.incomingPhoneNumbers.list()).length).toBe(owned);
  });

  it('plans a name not known yet as an update in place, the number kept', async () => {
    const { urn, inputs } = declared('support', { number: line.state.number, friendlyName: UNKNOWN_VALUE });
    const checked = await host.check(urn, line.state, inputs);
    expect(checked.failures).toEqual([]);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({ changes: 'some', replaces: [] });
  });

  it('still plans the replacement a known new number forces while another value is not known', async () => {
    const [other] = await t.client.availablePhoneNumbers('US').local.list({ areaCode: 628, limit: 1 });
    const { urn, inputs } = declared('support', { number: other.phoneNumber, emergencyAddress: UNKNOWN_VALUE });
    const checked = await host.check(urn, line.state, inputs);
    await expect(host.diff(urn, line.id, line.state, checked.inputs)).resolves.toMatchObject({ changes: 'some', replaces: ['number'], deleteBeforeReplace: true });
  });
});
