/** A Pulumi dynamic-provider host configured with a sandbox's credentials, as `pulumi up` configures it from the stack's `didops:*` settings. */
import type { RunningSandbox } from '../../src/sandbox/server';
import { startDynamicProviderHost, type DynamicProviderHost } from './pulumi-provider-host';

/** Starts a host and sends it the sandbox's `didops:*` configuration, the auth token marked secret. */
export async function startSandboxProviderHost(sandbox: RunningSandbox): Promise<DynamicProviderHost> {
  const host = await startDynamicProviderHost();
  await host.configure(
    { 'didops:twilioAccountSid': sandbox.accountSid, 'didops:twilioAuthToken': sandbox.authToken, 'didops:twilioBaseUrl': sandbox.url },
    ['didops:twilioAuthToken'],
  );
  return host;
}
