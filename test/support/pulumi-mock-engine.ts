/**
 * A small Pulumi engine for program tests, built on `pulumi.runtime.setMocks`: the mock takes each dynamic
 * resource's serialized provider from its `__provider` input, loads it the way Pulumi's dynamic provider host does
 * (require-from-string, then `.handler()`, then `configure`), and runs check → create, or check → diff →
 * update/replace against the state of the previous run. So a test runs a program twice and sees what a second
 * `pulumi up` would do, through the provider Pulumi actually serialized.
 */
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import * as pulumi from '@pulumi/pulumi';

// The host's own loader, resolved from @pulumi/pulumi so the test uses exactly what the host uses.
const requireFromString = require(require.resolve('require-from-string', { paths: [dirname(require.resolve('@pulumi/pulumi/package.json'))] })) as (
  code: string,
  filename?: string,
) => { handler(): pulumi.dynamic.ResourceProvider };

/** One resource as the engine recorded it. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** What happened to a resource in one run. */
export type StepKind = 'create' | 'update' | 'replace' | 'same';

/** Options of {@link MockEngine}. */
export interface MockEngineOptions {
  /** Stack configuration (`didops:twilioAccountSid` …) handed to each provider's `configure`. */
  config: Record<string, string>;
  project?: string;
  stack?: string;
}

/** Plays `pulumi up` (and destroy, refresh) for programs that use dynamic resources. */
export class MockEngine {
  /** State after the last run, by URN. */
  readonly state = new Map<string, RecordedResource>();
  /** Steps of the last run, by resource name. */
  steps = new Map<string, StepKind>();
  private readonly providers = new Map<string, pulumi.dynamic.ResourceProvider>();

  constructor(private readonly options: MockEngineOptions) {}

  /** Runs `program` as one `pulumi up`; resolves with its exports once every resource is done. */
  async up<T>(program: () => T | Promise<T>): Promise<T extends pulumi.Output<infer U> ? U : { [K in keyof T]: T[K] extends pulumi.Output<infer U> ? U : T[K] }> {
    this.steps = new Map();
    const pending: Promise<unknown>[] = [];
    // As in the real engine, a failed step fails the run, not the program: the program's Outputs still resolve
    // (to nothing) and `up` rejects with every step's error afterwards.
    const failures: Error[] = [];
    const project = this.options.project ?? 'didops';
    const stack = this.options.stack ?? 'test';
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const work = this.register(args.type, args.name, args.inputs, project, stack).catch((err: unknown) => {
            failures.push(err instanceof Error ? err : new Error(String(err)));
            return { id: '', state: {} };
          });
          pending.push(work);
          return work;
        },
        call: () => {
          throw new Error('no functions are mocked');
        },
      },
      project,
      stack,
      false,
    );
    const exported = await program();
    const resolved = await resolveExports(exported);
    await Promise.all(pending);
    if (failures.length > 0) throw new Error(failures.map((f) => f.message).join('\n'));
    return resolved as never;
  }

  /** Deletes every recorded resource, newest first, as `pulumi destroy` does. */
  async destroy(): Promise<void> {
    for (const resource of [...this.state.values()].reverse()) {
      await this.providerFor(resource.inputs).delete!(resource.id, resource.outputs);
      this.state.delete(resource.urn);
    }
  }

  /** Reads every resource back, as `pulumi refresh` does; returns what each read said. */
  async refresh(): Promise<Map<string, pulumi.dynamic.ReadResult>> {
    const results = new Map<string, pulumi.dynamic.ReadResult>();
    for (const resource of [...this.state.values()]) {
      const read = await this.providerFor(resource.inputs).read!(resource.id, resource.outputs);
      results.set(resource.name, read);
      if (!read.id) this.state.delete(resource.urn);
      else this.state.set(resource.urn, { ...resource, id: read.id, outputs: { ...read.props, __provider: resource.inputs.__provider }, inputs: { ...(read.inputs ?? resource.inputs), __provider: resource.inputs.__provider } });
    }
    return results;
  }

  private providerFor(inputs: Record<string, unknown>): pulumi.dynamic.ResourceProvider {
    const text = inputs.__provider;
    if (typeof text !== 'string') throw new Error('the resource has no serialized __provider input');
    let provider = this.providers.get(text);
    if (!provider) {
      // As the host does: a module compiled from the text, outside this repository's node_modules.
      provider = requireFromString(text, join(tmpdir(), 'didops-mock-program', 'index.js')).handler();
      const config = this.options.config;
      void provider.configure?.({ config: { get: (key) => config[key], require: (key) => config[key] ?? (() => { throw new Error(`missing ${key}`); })() } });
      this.providers.set(text, provider);
    }
    return provider;
  }

  private async register(type: string, name: string, news: Record<string, unknown>, project: string, stack: string): Promise<{ id: string; state: Record<string, unknown> }> {
    const urn = `urn:pulumi:${stack}::${project}::${type}::${name}`;
    const provider = this.providerFor(news);
    await provider.configure?.({ config: { get: (key) => this.options.config[key], require: (key) => this.options.config[key] } });
    const old = this.state.get(urn);
    const checked = await provider.check!(old?.inputs ?? {}, news);
    if (checked.failures && checked.failures.length > 0) {
      throw new Error(`check failed for ${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join('; ')}`);
    }
    const inputs = { ...checked.inputs, __provider: news.__provider };
    if (old) {
      const diff = await provider.diff!(old.id, old.outputs, inputs);
      if (!diff.changes) {
        this.steps.set(name, 'same');
        this.state.set(urn, { ...old, inputs });
        return { id: old.id, state: old.outputs };
      }
      if (!diff.replaces || diff.replaces.length === 0) {
        const updated = await provider.update!(old.id, old.outputs, inputs);
        const outputs = { ...updated.outs, __provider: news.__provider };
        this.steps.set(name, 'update');
        this.state.set(urn, { ...old, inputs, outputs });
        return { id: old.id, state: outputs };
      }
      // didops asks for delete-before-replace: the old resource goes first.
      await provider.delete!(old.id, old.outputs);
      this.state.delete(urn);
      this.steps.set(name, 'replace');
    } else {
      this.steps.set(name, 'create');
    }
    const created = await provider.create(inputs);
    const outputs = { ...created.outs, __provider: news.__provider };
    this.state.set(urn, { urn, type, name, id: created.id, inputs, outputs });
    return { id: created.id, state: outputs };
  }
}

async function resolveExports(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) return new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveExports(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
