/**
 * The small object Pulumi serializes into each resource's `__provider`. Pulumi's closure serializer copies local
 * modules by value, so this object captures nothing but a kind, a path and a settings holder, and `require`s the
 * real provider (host.ts) when the host calls it.
 *
 * Two rules of dynamic providers shape it: packages must be required inside the methods (the host resolves them
 * from its working directory's node_modules, where a user's didops is installed), and what `configure` learns
 * must be kept on an object, because captured primitives are serialized by value.
 */
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import type { DidopsResourceKind, HostSettings } from './host';

/** The package path of host.ts, as a user's program resolves it (`exports` in package.json). */
const HOST_PACKAGE_PATH = 'didops/provider/pulumi/host';

/**
 * The compiled host next to this file, for programs that load didops from a checkout rather than node_modules.
 * From TypeScript sources (tests, tsx) that is the build output: the host runs plain Node, which cannot load .ts.
 */
const HOST_FILE_PATH = __filename.endsWith('.ts')
  ? join(__dirname, '..', '..', 'dist', 'provider', 'pulumi', 'host.js')
  : join(__dirname, 'host.js');

const providers = new Map<DidopsResourceKind, pulumi.dynamic.ResourceProvider>();

/** The serializable provider for `kind`; one object per kind, so Pulumi serializes it once per program. */
export function serializableProvider(kind: DidopsResourceKind): pulumi.dynamic.ResourceProvider {
  const existing = providers.get(kind);
  if (existing) return existing;
  const hostPackagePath = HOST_PACKAGE_PATH;
  const hostFilePath = HOST_FILE_PATH;
  const configured: { settings?: HostSettings } = {};
  const loadHost = (): typeof import('./host') => {
    try {
      return require(hostPackagePath);
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      return require(hostFilePath);
    }
  };
  const load = () => loadHost().loadDidopsProvider(kind, configured.settings);
  const provider: pulumi.dynamic.ResourceProvider = {
    async configure(request) {
      configured.settings = loadHost().settingsFromConfig(request.config);
    },
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
  providers.set(kind, provider);
  return provider;
}
