/**
 * The steps `pulumi up`, `refresh` and `destroy` take for didops resources, played against a real dynamic-provider
 * host: each resource declared with the `__provider` text its class serializes, then Check → Create, Check → Diff →
 * Update, Read, Delete, with what the engine would record in between.
 */
import { serializableProvider } from '../../provider/pulumi/serializable-provider';
import { expectBuiltHost } from './pulumi-build';
import { dynamicUrn, PROVIDER_KEY, serializeDynamicProvider, type DiffOutcome, type DynamicProviderHost } from './pulumi-provider-host';

type Props = Record<string, unknown>;
/** The didops resource kinds these steps drive. */
export type StepKind = 'PhoneNumber' | 'EmergencyAddress' | 'RateCard' | 'BillingAccount' | 'BillingSubscription';

/** What the engine records for a created resource. */
export interface Recorded {
  urn: string;
  id: string;
  inputs: Props;
  state: Props;
}

/** Declares, checks and creates resources through a host; `load()` once before the first step (in `beforeAll`). */
export class PulumiSteps {
  private readonly serialized: Partial<Record<StepKind, string>> = {};

  /** Serializes each kind's provider as its class does; the host runs plain Node, so dist/ must be built. */
  async load(): Promise<void> {
    expectBuiltHost();
    for (const kind of ['PhoneNumber', 'EmergencyAddress', 'RateCard', 'BillingAccount', 'BillingSubscription'] as const) {
      this.serialized[kind] = await serializeDynamicProvider(serializableProvider(kind));
    }
  }

  /** The `__provider` text of a kind, to check that nothing secret was serialized into it. */
  providerText(kind: StepKind): string {
    return this.serialized[kind] ?? '';
  }

  /** A resource declared in a program: its URN and the inputs its class sends, hidden ones included. */
  declared(kind: StepKind, name: string, args: Props): { urn: string; inputs: Props } {
    const urn = dynamicUrn({ module: 'didops', type: kind, name });
    return { urn, inputs: { ...args, [PROVIDER_KEY]: this.serialized[kind], __identity: { type: `didops:${kind}`, name, urn } } };
  }

  /** Check (new or against the recorded state), as every `pulumi up` starts. */
  async check(host: DynamicProviderHost, kind: StepKind, name: string, args: Props, olds: Props = {}): Promise<{ urn: string; inputs: Props; failures: { property: string; reason: string }[] }> {
    const { urn, inputs } = this.declared(kind, name, args);
    const checked = await host.check(urn, olds, inputs);
    return { urn, inputs: checked.inputs, failures: checked.failures };
  }

  /** Check then Create, as `pulumi up` does for a new resource. */
  async create(host: DynamicProviderHost, kind: StepKind, name: string, args: Props): Promise<Recorded> {
    const { urn, inputs, failures } = await this.check(host, kind, name, args);
    if (failures.length > 0) throw new Error(`check of ${name} failed: ${JSON.stringify(failures)}`);
    const created = await host.create(urn, inputs);
    return { urn, id: created.id, inputs, state: created.properties };
  }

  /** Check then Diff against the recorded resource: what the next `pulumi up` would plan for it. */
  async diff(host: DynamicProviderHost, kind: StepKind, recorded: Recorded, args: Props): Promise<{ diff: DiffOutcome; inputs: Props }> {
    const { inputs, failures } = await this.check(host, kind, recorded.urn.split('::').pop()!, args, recorded.state);
    if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return { diff: await host.diff(recorded.urn, recorded.id, recorded.state, inputs), inputs };
  }

  /** Check, Diff and, when something changed in place, Update: the recorded resource afterwards. */
  async update(host: DynamicProviderHost, kind: StepKind, recorded: Recorded, args: Props): Promise<{ recorded: Recorded; diff: DiffOutcome }> {
    const { diff, inputs } = await this.diff(host, kind, recorded, args);
    if (diff.changes !== 'some' || diff.replaces.length > 0) return { recorded, diff };
    const updated = await host.update(recorded.urn, recorded.id, recorded.state, inputs);
    return { recorded: { ...recorded, inputs, state: updated.properties }, diff };
  }

  /** Read, as `pulumi refresh` does: the recorded resource afterwards, or undefined when it is gone. */
  async refresh(host: DynamicProviderHost, recorded: Recorded): Promise<Recorded | undefined> {
    const read = await host.read(recorded.urn, recorded.id, recorded.state, recorded.inputs);
    if (!read.id) return undefined;
    return { ...recorded, id: read.id, state: read.properties, inputs: { ...read.inputs, [PROVIDER_KEY]: recorded.inputs[PROVIDER_KEY], __identity: recorded.inputs.__identity } };
  }
}
