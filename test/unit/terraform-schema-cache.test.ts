/** The schema cache the build writes: the same schemas, served without loading the implementation. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_CACHE_FILE, withCachedSchemas } from '../../provider/terraform/main';
import { createDidopsTerraformProvider } from '../../provider/terraform/provider';
import type { TerraformProviderImplementation } from '../../provider/terraform/server/types';

const BUILT = join(__dirname, '..', '..', 'dist', 'provider', 'terraform', SCHEMA_CACHE_FILE);

describe('the provider schema cache', () => {
  it('holds exactly the schemas the provider has (npm run build writes it)', () => {
    if (!existsSync(BUILT)) throw new Error('run `npm run build` first');
    expect(JSON.parse(readFileSync(BUILT, 'utf8'))).toEqual(JSON.parse(JSON.stringify(createDidopsTerraformProvider().schemas())));
  });

  it('answers for the schemas without loading the implementation, and loads it once for anything else', async () => {
    let loads = 0;
    const real = createDidopsTerraformProvider();
    const served = withCachedSchemas(() => {
      loads++;
      return real;
    }, BUILT);
    expect(served.schemas().resourceSchemas.didops_phone_number).toBeDefined();
    expect(loads).toBe(0);
    await served.validateProviderConfig({ twilio_account_sid: null, twilio_auth_token: null, twilio_base_url: null, ownership_scope: null });
    await served.validateResourceConfig('didops_emergency_address', {});
    expect(loads).toBe(1);
  });

  it('falls back to the implementation’s own schemas when there is no cache', () => {
    const real: Pick<TerraformProviderImplementation, 'schemas'> = createDidopsTerraformProvider();
    const served = withCachedSchemas(() => real as TerraformProviderImplementation, '/nonexistent/schemas.json');
    expect(served.schemas()).toEqual(real.schemas());
  });
});
