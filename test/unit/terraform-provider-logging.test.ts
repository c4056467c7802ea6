import { terraformShowsProviderDebug } from '../../provider/terraform/server/serve';

describe('the provider writes its per-RPC lines only when Terraform will show them', () => {
  it.each([
    [{}, false],
    [{ TF_LOG: 'trace' }, true],
    [{ TF_LOG: 'DEBUG' }, true],
    [{ TF_LOG: 'json' }, true],
    [{ TF_LOG: 'info' }, false],
    [{ TF_LOG: 'off' }, false],
    [{ TF_LOG: 'chatty' }, true], // Terraform reads a level it does not know as TRACE
    [{ TF_LOG: 'trace', TF_LOG_PROVIDER: 'error' }, false], // the provider's own setting wins
    [{ TF_LOG_PROVIDER: 'debug' }, true],
    [{ TF_LOG: '  ' }, false],
  ] as [NodeJS.ProcessEnv, boolean][])('%j → %s', (env, shown) => {
    expect(terraformShowsProviderDebug(env)).toBe(shown);
  });
});
