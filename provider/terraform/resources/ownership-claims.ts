/**
 * Guards the ownership marker against Terraform's blind spots. A create recognises "its" number (or address) by a
 * tag derived from the resource's `key`; Terraform never tells a provider a resource's address, and `count` or
 * `for_each` give every instance the same configuration. Two resources whose keys derive the same tag would take
 * over one number, and a resource created with the key of one being destroyed would adopt a number that is about
 * to be released.
 *
 * So, within one graph walk (ConfigureProvider starts a walk and clears the registry), the provider remembers the
 * tags of the creates it plans and applies and of the existing resources it plans to keep or destroy, and refuses
 * the second of two that collide, before anything is bought.
 */
import { purchaseTag } from '../../../src/carriers/ownership-marker';
import type { TfDiagnostic } from '../server/types';

/** The kind of resource a claim is about: its type, what it owns (`number`) and what creates it (`purchase`), in words. */
export interface ClaimSubject {
  readonly typeName: string;
  readonly noun: string;
  readonly act: string;
}

/** Who claimed a tag. */
interface Claim {
  /** `create` (a new resource with this key) or an existing resource kept or destroyed by this walk. */
  readonly kind: 'create' | 'keep' | 'destroy';
  /** The key the claim was made with (for messages). */
  readonly key?: string;
  /** The existing resource's id. */
  readonly id?: string;
}

/** The registry of one provider process's current walk. */
export class OwnershipClaims {
  private readonly creates = new Map<string, { planned: number; applied: number; key: string; created?: string }>();
  private readonly existing = new Map<string, Claim>();

  /** Forgets everything: a new walk (ConfigureProvider) starts. */
  reset(): void {
    this.creates.clear();
    this.existing.clear();
  }

  /** The tag a create with this identity key would mark its purchase with. */
  static tagOf(identityKey: string): string {
    return purchaseTag(identityKey);
  }

  /**
   * A create planned (`plan`) or applied (`apply`) for `key`. Within one walk Terraform plans and applies each new
   * resource once, so a second plan or a second apply of the same tag is a second resource.
   */
  claimCreate(subject: ClaimSubject, tag: string, key: string, phase: 'plan' | 'apply', scope: string): TfDiagnostic | undefined {
    const id = `${subject.typeName}:${tag}`;
    const entry = this.creates.get(id) ?? { planned: 0, applied: 0, key };
    if (phase === 'plan') entry.planned++;
    else entry.applied++;
    this.creates.set(id, entry);
    if (entry.planned > 1 || entry.applied > 1) return duplicateKey(subject, key, scope);
    const other = this.existing.get(id);
    return other ? collision(subject, key, other) : undefined;
  }

  /** Records the id a claimed create produced, so that the resource is not mistaken for another one later in the walk. */
  recordCreated(subject: ClaimSubject, tag: string, id: string): void {
    const entry = this.creates.get(`${subject.typeName}:${tag}`);
    if (entry) entry.created = id;
  }

  /** An existing resource this walk keeps (no change or an in-place update) or destroys, with the tag its marker carries. */
  noteExisting(subject: ClaimSubject, tag: string | undefined, id: string, kind: 'keep' | 'destroy'): TfDiagnostic | undefined {
    if (!tag) return undefined;
    const entry = `${subject.typeName}:${tag}`;
    this.existing.set(entry, { kind, id });
    const create = this.creates.get(entry);
    return create && create.created !== id ? collision(subject, create.key, { kind, id }) : undefined;
  }
}

const KEY_PATH = [{ attributeName: 'key' }];

function duplicateKey({ typeName, noun, act }: ClaimSubject, key: string, scope: string): TfDiagnostic {
  return {
    severity: 'error',
    summary: `two ${typeName} resources use key "${key}"`,
    detail:
      `The key names a resource among those your configurations manage in this Twilio account (ownership scope "${scope}"), so that a ${act} ` +
      `interrupted by a crash is recognised on the next apply; two resources with one key would take over the same ${noun}. ` +
      'Give each its own key, e.g. with count.index (key = "sales-${count.index}") or each.key (key = each.key).',
    attribute: KEY_PATH,
  };
}

function collision({ typeName, noun }: ClaimSubject, key: string, other: Claim): TfDiagnostic {
  if (other.kind === 'destroy') {
    return {
      severity: 'error',
      summary: `key "${key}" belongs to ${other.id}, which this run destroys`,
      detail:
        `A new ${typeName} with the key of one being destroyed would take over its ${noun} just before it is released. ` +
        'If you renamed or moved the resource, add a `moved` block from its old address to the new one so that it keeps what it owns; otherwise give the new resource another key.',
      attribute: KEY_PATH,
    };
  }
  return {
    severity: 'error',
    summary: `key "${key}" is already used by the ${typeName} that owns ${other.id}`,
    detail: `A new ${typeName} with this key would take over that ${noun} instead of getting its own. Give the new resource its own key, e.g. with count.index or each.key.`,
    attribute: KEY_PATH,
  };
}
