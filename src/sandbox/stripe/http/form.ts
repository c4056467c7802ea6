/**
 * Stripe's wire format for parameters: `application/x-www-form-urlencoded` pairs whose keys nest with brackets, the
 * way the SDK writes them (`metadata[k]=v`, `items[0][price]=…`, `tiers[1][up_to]=inf`, `expand[]=…`). Decoded into
 * plain objects: `[]` appends to an array, any other segment is an object key, so `items[0]` is an object keyed `"0"`
 * that the typed readers (params.ts) turn into an array when an array is expected, and `metadata[0]` stays a key.
 * Objects have no prototype: a key named `__proto__` or `constructor` is data, never behaviour.
 */
import { invalidRequest } from './stripe-error';

/** A decoded value: a string, an array (from `[]`) or an object (from `[key]`). */
export type FormValue = string | FormValue[] | FormObject;
/** A decoded object of parameters. */
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_PAIRS = 10_000;
const MAX_DEPTH = 12;
const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** A new object without a prototype. */
export function formObject(): FormObject {
  return Object.create(null) as FormObject;
}

/** Whether a decoded value is an object of parameters. */
export function isFormObject(value: FormValue | undefined): value is FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeComponent(raw: string): string {
  // Most names and values are plain: no escape to undo, so no regex and no decodeURIComponent.
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest(`Invalid percent-encoding in the request: "${raw.slice(0, 40)}"`);
  }
}

function place(root: FormObject, key: string, value: string): void {
  if (key !== '' && key.indexOf('[') < 0 && key.indexOf(']') < 0) {
    // A top-level name (the common case): the general walk below would do just this, after a regex and a split.
    const existing = root[key];
    if (existing !== undefined && typeof existing !== 'string') throw invalidRequest(`Invalid ${key}: sent both as a value and as nested parameters`, key);
    root[key] = value;
    return;
  }
  const match = KEY.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}`, key.slice(0, 80));
  const segments = [match[1], ...(match[2].match(/\[[^[\]]*\]/g) ?? []).map((s) => s.slice(1, -1))];
  if (segments.length > MAX_DEPTH) throw invalidRequest(`Parameters may nest at most ${MAX_DEPTH - 1} levels deep: ${key.slice(0, 80)}`, match[1]);
  let container: FormObject | FormValue[] = root;
  let name = segments[0];
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    const segment = segments[i];
    const existing: FormValue | undefined = Array.isArray(container)
      ? (segment === '' ? undefined : container[Number(segment)])
      : container[segment];
    if (i > 0) name += `[${segment}]`;
    if (last) {
      if (existing !== undefined && typeof existing !== 'string') throw invalidRequest(`Invalid ${name}: sent both as a value and as nested parameters`, name);
      if (Array.isArray(container)) container.push(value);
      else container[segment] = value;
      return;
    }
    const wantsArray = segments[i + 1] === '';
    let next: FormValue | undefined = existing;
    if (next === undefined) {
      next = wantsArray ? [] : formObject();
      if (Array.isArray(container)) container.push(next);
      else container[segment] = next;
    } else if (typeof next === 'string' || Array.isArray(next) !== wantsArray) {
      throw invalidRequest(`Invalid ${name}: sent both as ${typeof next === 'string' ? 'a value' : Array.isArray(next) ? 'a list' : 'a hash'} and as ${wantsArray ? 'a list' : 'nested parameters'}`, name);
    }
    container = next as FormObject | FormValue[];
  }
}

/** Decodes a form body or query string (without the `?`). Throws a Stripe 400 for names or encodings it cannot read. */
export function decodeStripeForm(text: string): FormObject {
  const root = formObject();
  if (text === '') return root;
  const pairs = text.split('&');
  if (pairs.length > MAX_PAIRS) throw invalidRequest(`Too many parameters: at most ${MAX_PAIRS} are accepted in one request.`);
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    place(root, key, value);
  }
  return root;
}

/** A stable text of decoded parameters (keys sorted), for comparing two requests' parameters. */
export function canonicalForm(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalForm).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalForm(value[k])}`).join(',')}}`;
}
