/**
 * `expand[]`: replaces ids in an answer with the objects they name, as Stripe does: `customer`, nested
 * `latest_charge.payment_method`, ids in arrays (`default_tax_rates`), and `data.customer` on lists and search
 * results. One expander serves every resource: it loads any id from the store, and a resource whose served form is
 * not its stored document (one computed on the way out) registers a loader for its id prefix.
 *
 * Some fields Stripe serves only when asked for (a price's `tiers`): the stored document keeps them, and a type
 * registers them as {@link StripeExpander.includable}; every answer drops them except where `expand[]` names them.
 */
import { prefixOf } from '../ids';
import type { StripeObject, StripeObjectsRepository } from '../store/stripe-objects-repository';
import { invalidParam } from './stripe-error';

/** Loads the served form of an object by id; undefined when there is none. */
export type ExpandLoader = (id: string) => StripeObject | undefined;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The expander of one sandbox. */
export class StripeExpander {
  private readonly loaders = new Map<string, ExpandLoader>();
  private readonly hidden = new Map<string, string[]>();

  constructor(private readonly store: StripeObjectsRepository) {}

  /** Serves ids with `prefix` (`in` for invoices) through `loader` instead of the stored document. */
  register(prefix: string, loader: ExpandLoader): void {
    this.loaders.set(prefix, loader);
  }

  /** Fields of objects of `type` served only when expanded (`includable('price', ['tiers'])`). */
  includable(type: string, fields: readonly string[]): void {
    this.hidden.set(type, [...(this.hidden.get(type) ?? []), ...fields]);
  }

  /** The served form of any object by id. */
  load(id: string): StripeObject | undefined {
    const prefix = prefixOf(id);
    const loader = prefix === undefined ? undefined : this.loaders.get(prefix);
    return loader ? loader(id) : this.store.getAny(id);
  }

  /** A copy of `answer` (an object, a list or a search result) with every path expanded; the answer is not changed. */
  expand<T>(answer: T, paths: readonly string[]): T {
    if (paths.length === 0 && this.hidden.size === 0) return answer;
    const copy = structuredClone(answer) as unknown as Json;
    for (const path of paths) {
      if (!this.includes(copy, path.split('.'))) this.expandAt(copy, path.split('.'), path, copy);
    }
    if (this.hidden.size > 0) this.dropHidden(copy, '', new Set(paths));
    return copy as T;
  }

  /** Whether a path ends at an includable field (kept, not loaded): `tiers`, `data.tiers`, `items.data.price.tiers`. */
  private includes(root: Json, segments: string[]): boolean {
    let targets: unknown[] = [root];
    for (const segment of segments.slice(0, -1)) {
      targets = targets.flatMap((t) => (Array.isArray(t) ? t : [t])).filter(isRecord).map((t) => t[segment]);
      targets = targets.flatMap((t) => (Array.isArray(t) ? t : [t]));
    }
    const last = segments[segments.length - 1];
    return targets.some((t) => isRecord(t) && typeof t.object === 'string' && (this.hidden.get(t.object) ?? []).includes(last));
  }

  /** Removes includable fields not asked for, walking every object in the answer (paths skip array levels). */
  private dropHidden(value: unknown, path: string, asked: Set<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.dropHidden(item, path, asked);
      return;
    }
    if (!isRecord(value)) return;
    const fields = typeof value.object === 'string' ? this.hidden.get(value.object) : undefined;
    for (const field of fields ?? []) {
      if (!asked.has(path ? `${path}.${field}` : field)) delete value[field];
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'object' && child !== null) this.dropHidden(child, path ? `${path}.${key}` : key, asked);
    }
  }

  private cannotExpand(path: string, root: Json): never {
    const hint = root.object === 'list' || root.object === 'search_result' ? ` You may want to try expanding 'data.${path}' instead.` : '';
    throw invalidParam('expand', `This property cannot be expanded (${path}).${hint}`);
  }

  private expandAt(target: Json, segments: string[], path: string, root: Json): void {
    const [field, ...rest] = segments;
    if (!Object.prototype.hasOwnProperty.call(target, field)) this.cannotExpand(path, root);
    const value = target[field];
    if (value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const expanded = typeof item === 'string' ? this.loadOrRefuse(item, path, root) : item;
        value[i] = expanded;
        if (rest.length > 0) {
          if (!isRecord(expanded)) this.cannotExpand(path, root);
          this.expandAt(expanded, rest, path, root);
        }
      });
      return;
    }
    const expanded = typeof value === 'string' ? this.loadOrRefuse(value, path, root) : value;
    if (!isRecord(expanded)) this.cannotExpand(path, root);
    target[field] = expanded;
    if (rest.length > 0) this.expandAt(expanded, rest, path, root);
  }

  private loadOrRefuse(id: string, path: string, root: Json): Json {
    const loaded = this.load(id);
    if (!loaded) this.cannotExpand(path, root);
    return structuredClone(loaded) as Json;
  }
}
