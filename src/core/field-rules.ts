/**
 * Field rules: named, self-describing change policies, like terraform's stringplanmodifier.RequiresReplace(). A
 * handler declares one table of them; its `diff` applies it (usually through {@link diffFields}), the docs print the
 * descriptions, and the adapters ask it (through src/core/unknowns.ts) what a change nobody can see yet may do.
 */
import { parseFieldPath } from './diagnostics';
import type { DiffResponse } from './lifecycle';

/** What a change to a field means. */
export type FieldEffect = 'replace' | 'update' | 'ignore';

/** How `diffFields` treats changes to one field, with a description written for the docs. */
export interface FieldRule {
  /** Field path the rule governs (`phoneNumber`, `address.country`). */
  readonly field: string;
  /** `replace`: a change needs a new resource; `update`: changed in place; `ignore`: never a diff. */
  readonly effect: FieldEffect;
  /** Sentence for the docs and the preview explanation, e.g. "Changing `phoneNumber` replaces the resource: ...". */
  readonly description: string;
  /** For `replace` rules: replace only when this says so (e.g. only when the country changes). */
  readonly replaceIf?: (oldValue: unknown, newValue: unknown) => boolean;
  /** For `replace` rules: the old resource must go before the new one exists (unique names). */
  readonly deleteBeforeReplace?: boolean;
  /** Leaving the input unset keeps whatever the carrier has (optional + computed); no perpetual diff. */
  readonly unsetKeepsCurrent?: boolean;
  /** Custom equality (e.g. case-insensitive); defaults to deep equality ignoring undefined fields. */
  readonly equals?: (oldValue: unknown, newValue: unknown) => boolean;
  /** Never print the values in the preview explanation (tokens, auth secrets). */
  readonly sensitive?: boolean;
  /**
   * Whether the field changes (or, for `replace` rules, replaces) is judged by the handler's own `diff` from more than
   * the two values (the recorded outputs: what exists upstream); {@link diffFields} leaves the field to it, and the
   * rule still tells the docs, and a plan whose value is not known yet, what a change does. See {@link requiresReplaceJudged}.
   */
  readonly judgedInDiff?: boolean;
}

/** Extra behaviour for the rule helpers. */
export interface FieldRuleOptions {
  /** See {@link FieldRule.deleteBeforeReplace}. */
  readonly deleteBeforeReplace?: boolean;
  /** See {@link FieldRule.unsetKeepsCurrent}. */
  readonly unsetKeepsCurrent?: boolean;
  /** See {@link FieldRule.equals}. */
  readonly equals?: (oldValue: unknown, newValue: unknown) => boolean;
  /** See {@link FieldRule.sensitive}. */
  readonly sensitive?: boolean;
  /** See {@link FieldRule.judgedInDiff}. */
  readonly judgedInDiff?: boolean;
}

/** Any change to `field` replaces the resource; `why` is told to the user in docs and previews. */
export function requiresReplace(field: string, why: string, options: FieldRuleOptions = {}): FieldRule {
  return {
    field,
    effect: 'replace',
    description: `Changing \`${field}\` replaces the resource: ${why}.`,
    ...options,
  };
}

/** A change to `field` replaces the resource only when `condition` holds; otherwise it is updated in place. */
export function requiresReplaceIf(
  field: string,
  condition: (oldValue: unknown, newValue: unknown) => boolean,
  when: string,
  why: string,
  options: FieldRuleOptions = {},
): FieldRule {
  return {
    field,
    effect: 'replace',
    replaceIf: condition,
    description: `Changing \`${field}\` replaces the resource when ${when}: ${why}; other changes apply in place.`,
    ...options,
  };
}

/**
 * A change to `field` may replace the resource; the handler's `diff` decides when, from the recorded state as well as
 * the two values (`when` says how, for the docs). Declared so that docs, and a plan whose `field` is not known yet,
 * learn that it can replace; {@link diffFields} does not compare the field.
 */
export function requiresReplaceJudged(field: string, when: string, why: string, options: FieldRuleOptions = {}): FieldRule {
  return {
    field,
    effect: 'replace',
    judgedInDiff: true,
    description: `Changing \`${field}\` replaces the resource when ${when}: ${why}.`,
    ...options,
  };
}

/** The rule that lets a change to top-level `field` (or to something inside it) replace the resource, if any. */
export function replaceRuleOf(rules: readonly FieldRule[], field: string): FieldRule | undefined {
  const top = topField(field);
  return rules.find((rule) => rule.effect === 'replace' && topField(rule.field) === top);
}

/** A change to `field` is applied in place; `what` optionally says what happens upstream. */
export function updatesInPlace(field: string, what?: string, options: FieldRuleOptions = {}): FieldRule {
  return {
    field,
    effect: 'update',
    description: what ? `Changing \`${field}\` updates the resource in place: ${what}.` : `Changing \`${field}\` updates the resource in place.`,
    ...options,
  };
}

/** Changes to `field` never cause a diff (computed, write-only or informational); `why` goes in the docs. */
export function ignoresChanges(field: string, why: string): FieldRule {
  return { field, effect: 'ignore', description: `Changes to \`${field}\` are ignored: ${why}.` };
}

/** Options for {@link diffFields}. */
export interface DiffFieldsOptions {
  /** Effect for changed top-level input fields no rule mentions; default `update`. */
  readonly unlisted?: Exclude<FieldEffect, 'ignore'> | 'ignore';
}

/**
 * Computes a {@link DiffResponse} from a rules table: every rule's field is compared between the
 * recorded state and the new inputs (deep equality), then any other top-level field of `news`.
 * Declare a rule for every optional input, so removing it is noticed even though state also
 * holds outputs.
 */
export function diffFields(olds: unknown, news: unknown, rules: readonly FieldRule[], options: DiffFieldsOptions = {}): DiffResponse {
  const replaces: string[] = [];
  const updates: string[] = [];
  const explanation: string[] = [];
  let deleteBeforeReplace = false;
  // Top-level keys a rule covers whole, and the sub-paths rules cover inside other keys: a change elsewhere in such a
  // key (address.street when only address.country has a rule) is still an unlisted change.
  const covered = new Set<string>();
  const coveredInside = new Map<string, (string | number)[][]>();

  for (const rule of rules) {
    const path = parseFieldPath(rule.field);
    if (path.length === 1) covered.add(String(path[0]));
    if (path.length > 1) {
      const key = String(path[0]);
      coveredInside.set(key, [...(coveredInside.get(key) ?? []), path.slice(1)]);
    }
    if (rule.effect === 'ignore' || rule.judgedInDiff) continue;
    const oldValue = getAtPath(olds, path);
    const newValue = getAtPath(news, path);
    if (newValue === undefined && rule.unsetKeepsCurrent) continue;
    const same = rule.equals ? rule.equals(oldValue, newValue) : deepEqual(oldValue, newValue);
    if (same) continue;
    const change = rule.sensitive
      ? `${rule.field}: (sensitive value changed)`
      : `${rule.field}: ${describeValue(oldValue)} → ${describeValue(newValue)}`;
    if (rule.effect === 'replace' && (rule.replaceIf?.(oldValue, newValue) ?? true)) {
      replaces.push(rule.field);
      deleteBeforeReplace ||= rule.deleteBeforeReplace === true;
      explanation.push(`${change} (replace) ${rule.description}`);
    } else {
      updates.push(rule.field);
      explanation.push(`${change} (update in place)`);
    }
  }

  const unlisted = options.unlisted ?? 'update';
  if (unlisted !== 'ignore' && isRecord(news)) {
    for (const key of Object.keys(news).sort()) {
      if (covered.has(key)) continue;
      const inside = coveredInside.get(key) ?? [];
      const oldValue = inside.reduce((v, p) => omitPath(v, p), isRecord(olds) ? olds[key] : undefined);
      const newValue = inside.reduce((v, p) => omitPath(v, p), news[key]);
      if (deepEqual(oldValue, newValue)) continue;
      const change = `${key}: ${describeValue(oldValue)} → ${describeValue(newValue)}`;
      if (unlisted === 'replace') {
        replaces.push(key);
        explanation.push(`${change} (replace)`);
      } else {
        updates.push(key);
        explanation.push(`${change} (update in place)`);
      }
    }
  }

  const response: DiffResponse = {
    changes: replaces.length + updates.length > 0,
    replaces,
    updates,
    explanation,
  };
  return deleteBeforeReplace ? { ...response, deleteBeforeReplace: true } : response;
}

/** Lines for a resource's docs page: one sentence per rule, in table order. */
export function describeFieldRules(rules: readonly FieldRule[]): string[] {
  return rules.map((rule) => rule.description);
}

/**
 * Structural equality for JSON-like data: arrays by position, objects by key, and a key holding
 * `undefined` counts as absent (state round-trips through JSON, which drops such keys).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b; // 0 and -0
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!deepEqual(a[key], b[key])) return false;
  }
  return true;
}

function getAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A copy of `value` without the field at `path` (the original is left alone). */
function omitPath(value: unknown, path: readonly (string | number)[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return undefined;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    copy[head] = omitPath(copy[head], rest);
    return copy;
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = { ...value };
    if (rest.length === 0) delete copy[String(head)];
    else copy[String(head)] = omitPath(copy[String(head)], rest);
    return copy;
  }
  return value;
}

/** The top-level field of a path (`address` of `address.country`, `numbers` of `numbers[2]`). */
function topField(field: string): string {
  return field.split(/[.[]/)[0];
}
