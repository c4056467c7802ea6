/**
 * `expand[]`: replaces ids in an answer with the objects they name, as Stripe does: `customer`, nested
 * `latest_charge.payment_method`, ids in arrays (`default_tax_rates`), and `data.customer` on lists and search
 * results. One expander serves every resource: it loads any id from the store, and a resource whose served form is
 * not its stored document (one computed on the way out) registers a loader for its id prefix.
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

  constructor(private readonly store: StripeObjectsRepository) {}

  /** Serves ids with `prefix` (`in` for invoices) through `loader` instead of the stored document. */
  register(prefix: string, loader: ExpandLoader): void {
    this.loaders.set(prefix, loader);
  }

  /** The served form of any object by id. */
  load(id: string): StripeObject | undefined {
    const prefix = prefixOf(id);
    const loader = prefix === undefined ? undefined : this.loaders.get(prefix);
    return loader ? loader(id) : this.store.getAny(id);
  }

  /** A copy of `answer` (an object, a list or a search result) with every path expanded; the answer is not changed. */
  expand<T>(answer: T, paths: readonly string[]): T {
    if (paths.length === 0) return answer;
    const copy = structuredClone(answer) as unknown as Json;
    for (const path of paths) this.expandAt(copy, path.split('.'), path, copy);
    return copy as T;
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
