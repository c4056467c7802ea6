/** The engine-side harness against Pulumi's real dynamic-provider host, driven with a tiny file-writing provider. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import {
  dynamicUrn,
  isSecretValue,
  PROVIDER_KEY,
  ProviderHostError,
  secretValue,
  serializeDynamicProvider,
  startDynamicProviderHost,
  UNKNOWN_VALUE,
  unwrapSecrets,
  type DynamicProviderHost,
} from '../support/pulumi-provider-host';

// Provider methods run inside the host after closure serialization: module-level imports would be captured by value,
// so they `require` what they need, and configuration lands on this object (a captured primitive would be copied).
const providerState: { greeting?: string; token?: string } = {};

const fileProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    providerState.greeting = req.config.get('didops:greeting');
    providerState.token = req.config.get('didops:token');
  },
  async check(_olds, news) {
    if (typeof news.name !== 'string' || !/^[a-z0-9-]+$/.test(news.name)) {
      return { inputs: news, failures: [{ property: 'name', reason: `name must be lower-case letters, digits or dashes, got ${JSON.stringify(news.name)}` }] };
    }
    return { inputs: { ...news, content: news.content ?? '' } };
  },
  async diff(_id, olds, news) {
    const replaces = ['dir', 'name'].filter((key) => olds[key] !== news[key]);
    return { changes: replaces.length > 0 || olds.content !== news.content, replaces, deleteBeforeReplace: replaces.length > 0 };
  },
  async create(inputs) {
    const fs = require('node:fs');
    const path = require('node:path');
    const file = path.join(inputs.dir, `${inputs.name}.txt`);
    fs.writeFileSync(file, inputs.content);
    return { id: file, outs: { ...inputs, path: file, greeting: providerState.greeting, tokenLength: providerState.token?.length } };
  },
  async read(id, props) {
    const fs = require('node:fs');
    if (!fs.existsSync(id)) return {};
    return { id, props: { ...props, content: fs.readFileSync(id, 'utf8') } };
  },
  async update(id, _olds, news) {
    require('node:fs').writeFileSync(id, news.content);
    return { outs: { ...news, path: id, greeting: providerState.greeting } };
  },
  async delete(id) {
    require('node:fs').rmSync(id, { force: true });
  },
};

const failingProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    if (inputs.partial) {
      throw Object.assign(new Error('number bought but webhook not set'), { id: 'PN123', properties: { phoneNumber: '+14155550100' }, reasons: ['webhook unreachable'] });
    }
    throw new Error('no numbers left in area code 415');
  },
};

const crashingProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    process.exit(3);
  },
};

const probeProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    const attempt = (load: () => string): string => {
      try {
        return load();
      } catch (err) {
        return `error: ${(err as NodeJS.ErrnoException).code}`;
      }
    };
    return {
      id: 'probe',
      outs: {
        cwd: process.cwd(),
        dirname: __dirname,
        probe: attempt(() => require.resolve('didops-probe')),
        probeWhere: attempt(() => require('didops-probe').where),
        local: attempt(() => require('./local-probe.js').where),
      },
    };
  },
};

const urn = (name: string): string => dynamicUrn({ module: 'files', type: 'File', name });

let host: DynamicProviderHost;
let serialized: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'didops-provider-host-'));
  [host, serialized] = await Promise.all([startDynamicProviderHost(), serializeDynamicProvider(fileProvider)]);
  await host.configure({ 'didops:greeting': 'hello from config', 'didops:token': 's3cret' }, ['didops:token']);
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

function inputs(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { [PROVIDER_KEY]: serialized, dir, name, content: `content of ${name}`, ...extra };
}

function failWithLogs(h: DynamicProviderHost): (err: unknown) => never {
  return (err) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${h.logs.join('\n')}`);
  };
}

describe('a dynamic provider host driven by the harness', () => {
  it('reports the @pulumi/pulumi version as plugin info', async () => {
    const expected: string = require('@pulumi/pulumi/package.json').version;
    await expect(host.getPluginInfo()).resolves.toEqual({ version: expected });
    expect(host.port).toBeGreaterThan(0);
    expect(host.pid).toBeGreaterThan(0);
  });

  it('builds the URN of a dynamic resource with the token pulumi.dynamic.Resource uses', () => {
    expect(urn('a')).toBe('urn:pulumi:dev::didops::pulumi-nodejs:dynamic/files:File::a');
    expect(dynamicUrn({ stack: 's', project: 'p', type: 'Resource', name: 'n' })).toBe('urn:pulumi:s::p::pulumi-nodejs:dynamic:Resource::n');
  });

  it('creates with the stack config the provider received in configure, secrets unwrapped', async () => {
    const created = await host.create(urn('created'), inputs('created')).catch(failWithLogs(host));
    const file = join(dir, 'created.txt');
    expect(created.id).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('content of created');
    expect(created.properties).toMatchObject({ path: file, greeting: 'hello from config', tokenLength: 6, [PROVIDER_KEY]: serialized });
  });

  it('does not call the host for a preview create, as the engine does for providers without preview support', async () => {
    const preview = await host.create(urn('previewed'), inputs('previewed'), { preview: true });
    expect(preview).toEqual({ id: '', properties: inputs('previewed') });
    expect(existsSync(join(dir, 'previewed.txt'))).toBe(false);
  });

  it('hands secret inputs to the provider in plain text and marks the matching outputs secret again', async () => {
    const created = await host.create(urn('classified'), inputs('classified', { content: secretValue('top secret') })).catch(failWithLogs(host));
    expect(readFileSync(join(dir, 'classified.txt'), 'utf8')).toBe('top secret');
    expect(isSecretValue(created.properties.content)).toBe(true);
    expect(isSecretValue(created.properties.greeting)).toBe(false);
    expect(unwrapSecrets(created.properties).content).toBe('top secret');
  });

  it('returns check failures with the property, and checked inputs with unknowns untouched', async () => {
    const bad = await host.check(urn('bad'), {}, inputs('Bad Name!'));
    expect(bad.failures).toEqual([{ property: 'name', reason: 'name must be lower-case letters, digits or dashes, got "Bad Name!"' }]);

    const good = await host.check(urn('good'), {}, inputs('good', { content: undefined, owner: UNKNOWN_VALUE }));
    expect(good.failures).toEqual([]);
    expect(good.inputs).toEqual({ ...inputs('good', { content: '', owner: UNKNOWN_VALUE }) });
  });

  it('diffs: a renamed file is replaced (delete first), new content is an in-place change, same inputs are no change', async () => {
    const { id, properties } = await host.create(urn('diffed'), inputs('diffed'));
    await expect(host.diff(urn('diffed'), id, properties, inputs('renamed'))).resolves.toMatchObject({
      changes: 'some',
      replaces: ['name'],
      deleteBeforeReplace: true,
    });
    await expect(host.diff(urn('diffed'), id, properties, inputs('diffed', { content: 'v2' }))).resolves.toEqual({
      changes: 'some',
      replaces: [],
      stables: [],
      deleteBeforeReplace: false,
      diffs: [],
    });
    await expect(host.diff(urn('diffed'), id, properties, inputs('diffed'))).resolves.toMatchObject({ changes: 'none', replaces: [] });
  });

  it('reads drift from the real file, and id "" once the file is gone', async () => {
    const { id, properties } = await host.create(urn('read'), inputs('read'));
    writeFileSync(id, 'edited by hand');
    const refreshed = await host.read(urn('read'), id, properties, inputs('read'));
    expect(refreshed.id).toBe(id);
    expect(refreshed.properties).toMatchObject({ content: 'edited by hand', [PROVIDER_KEY]: serialized });
    expect(refreshed.inputs).toEqual(inputs('read'));

    rmSync(id);
    const gone = await host.read(urn('read'), id, properties, inputs('read'));
    expect(gone.id).toBe('');
  });

  it('updates the file in place', async () => {
    const { id, properties } = await host.create(urn('updated'), inputs('updated'));
    const preview = await host.update(urn('updated'), id, properties, inputs('updated', { content: 'previewed' }), { preview: true });
    expect(preview.properties.content).toBe('previewed');
    expect(readFileSync(id, 'utf8')).toBe('content of updated');

    const updated = await host.update(urn('updated'), id, properties, inputs('updated', { content: 'v2' }));
    expect(readFileSync(id, 'utf8')).toBe('v2');
    expect(updated.properties).toMatchObject({ content: 'v2', path: id, greeting: 'hello from config' });
  });

  it('deletes the file', async () => {
    const { id, properties } = await host.create(urn('deleted'), inputs('deleted'));
    await host.delete(urn('deleted'), id, properties);
    expect(existsSync(id)).toBe(false);
  });

  it('turns a throwing create into a ProviderHostError carrying the message', async () => {
    const props = { [PROVIDER_KEY]: await serializeDynamicProvider(failingProvider) };
    const err = await host.create(urn('failing'), props).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderHostError);
    expect(err).toMatchObject({ code: 2, method: 'Create', details: 'no numbers left in area code 415', id: undefined });
    expect((err as Error).message).toContain('no numbers left in area code 415');
  });

  it('reports a partial create (error with an id) with the id, properties and reasons', async () => {
    const props = { [PROVIDER_KEY]: await serializeDynamicProvider(failingProvider), partial: true };
    await expect(host.create(urn('partial'), props)).rejects.toMatchObject({
      code: 2,
      details: 'number bought but webhook not set',
      id: 'PN123',
      properties: { phoneNumber: '+14155550100' },
      reasons: ['webhook unreachable'],
    });
  });

  it('reports a request without __provider as an error instead of hanging', async () => {
    await expect(host.check(urn('orphan'), {}, { name: 'orphan' })).rejects.toBeInstanceOf(ProviderHostError);
    await expect(host.getPluginInfo()).resolves.toBeDefined();
  });
});

describe('host process lifecycle', () => {
  it('fails fast and clearly after kill()', async () => {
    const h = await startDynamicProviderHost();
    try {
      await h.kill();
      expect(() => process.kill(h.pid, 0)).toThrow(/ESRCH/);
      const started = Date.now();
      const err = await h.getPluginInfo().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(err).toBeInstanceOf(ProviderHostError);
      expect(err).toMatchObject({ code: 14, method: 'GetPluginInfo' });
      expect((err as Error).message).toMatch(/dynamic provider host \(pid \d+\) was killed by SIGKILL/);
    } finally {
      await h.close();
    }
  });

  it('fails an in-flight call when the host dies during it', async () => {
    const h = await startDynamicProviderHost();
    try {
      const props = { [PROVIDER_KEY]: await serializeDynamicProvider(crashingProvider) };
      await expect(h.create(urn('crash'), props)).rejects.toThrow(/Create failed \(UNAVAILABLE\): dynamic provider host \(pid \d+\) exited with code 3/);
    } finally {
      await h.close();
    }
  });

  it('leaves the process exited after close(), and close() can be called twice', async () => {
    const h = await startDynamicProviderHost();
    await h.getPluginInfo();
    await h.close();
    expect(() => process.kill(h.pid, 0)).toThrow(/ESRCH/);
    await h.close();
    await expect(h.getPluginInfo()).rejects.toBeInstanceOf(ProviderHostError);
  });

  it('says why the host died when it cannot start', async () => {
    await expect(startDynamicProviderHost({ env: { NODE_OPTIONS: '--require ./definitely-missing-preload.js' } })).rejects.toThrow(
      /exited with code \d+ before printing its port[\s\S]*definitely-missing-preload/,
    );
  });
});

describe('require inside a serialized provider', () => {
  it("resolves packages from the host's cwd node_modules chain and relative paths from its cwd", async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'didops-require-')));
    const cwd = join(root, 'project', 'deep');
    mkdirSync(join(root, 'node_modules', 'didops-probe'), { recursive: true });
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(root, 'node_modules', 'didops-probe', 'index.js'), 'exports.where = __dirname;');
    writeFileSync(join(cwd, 'local-probe.js'), 'exports.where = __dirname;');
    const props = { [PROVIDER_KEY]: await serializeDynamicProvider(probeProvider) };

    const h = await startDynamicProviderHost({ cwd });
    try {
      const { properties } = await h.create(urn('probe'), props).catch(failWithLogs(h));
      expect(properties).toMatchObject({
        cwd,
        dirname: '.',
        probe: join(root, 'node_modules', 'didops-probe', 'index.js'),
        probeWhere: join(root, 'node_modules', 'didops-probe'),
        local: cwd,
      });
      // The main host runs from the repository, whose node_modules chain has no such package.
      const fromRepo = await host.create(urn('probe'), props);
      expect(fromRepo.properties).toMatchObject({ cwd: process.cwd(), probe: 'error: MODULE_NOT_FOUND' });
    } finally {
      await h.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
