/**
 * Stripe's search query language (https://docs.stripe.com/search#search-query-language), the subset the sandbox
 * serves: clauses `field:'value'` (exact, case-insensitive), `field~'value'` (substring, at least 3 characters),
 * `field>n`, `<`, `>=`, `<=` on numbers, `metadata['key']:'value'`, `field:null`, a leading `-` to negate, joined
 * by `AND` or by `OR` (not both, as on Stripe), at most 10 clauses. Parsing is separate from matching so each
 * resource declares only which fields it can be searched by.
 */
import { invalidParam } from './stripe-error';

/** A comparison of a clause. */
export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=';

/** One clause of a query. */
export interface SearchClause {
  /** The field (`email`, `status`, `metadata`). */
  field: string;
  /** For `metadata['key']`, the key. */
  metadataKey?: string;
  operator: SearchOperator;
  /** A quoted string, a number, or `null`. */
  value: string | number | null;
  negated: boolean;
}

/** A parsed query. */
export interface SearchQuery {
  joiner: 'AND' | 'OR';
  clauses: SearchClause[];
}

/** How a resource exposes one searchable field: its kind and how to read it from an object. */
export interface SearchField<T> {
  kind: 'string' | 'number' | 'token';
  read: (object: T) => unknown;
}

/** The searchable fields of a resource (`metadata` is always searchable by key). */
export type SearchFields<T> = Record<string, SearchField<T>>;

const bad = (message: string) => invalidParam('query', `Invalid query: ${message}`, 'parameter_invalid');

/** Parses a query, or throws Stripe's 400 on `query` saying where it went wrong. */
export function parseSearchQuery(text: string): SearchQuery {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const quoted = (): string => {
    const quote = text[at];
    if (quote !== "'" && quote !== '"') throw bad(`expected a quoted value at position ${at}`);
    at++;
    let value = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\\' && at + 1 < text.length) at++;
      value += text[at++];
    }
    if (at >= text.length) throw bad('a quoted value is not closed');
    at++;
    return value;
  };
  const clause = (): SearchClause => {
    skipSpace();
    const negated = text[at] === '-';
    if (negated) at++;
    const name = /^[a-z_][a-z0-9_.]*/i.exec(text.slice(at));
    if (!name) throw bad(`expected a field name at position ${at}`);
    at += name[0].length;
    let metadataKey: string | undefined;
    if (name[0] === 'metadata') {
      if (text[at] !== '[') throw bad("metadata is searched by key, as metadata['key']:'value'");
      at++;
      metadataKey = quoted();
      if (text[at] !== ']') throw bad("metadata['key'] is missing its closing bracket");
      at++;
    }
    const operator = /^(>=|<=|:|~|>|<)/.exec(text.slice(at));
    if (!operator) throw bad(`expected one of : ~ > < >= <= after ${name[0]}`);
    at += operator[0].length;
    let value: string | number | null;
    if (text[at] === "'" || text[at] === '"') value = quoted();
    else {
      const bare = /^(null|-?\d+(\.\d+)?)/.exec(text.slice(at));
      if (!bare) throw bad(`the value of ${name[0]} must be quoted ('value'), a number or null`);
      at += bare[0].length;
      value = bare[1] === 'null' ? null : Number(bare[1]);
    }
    if (operator[0] === '~' && (typeof value !== 'string' || value.length < 3)) throw bad('a substring search (~) needs a quoted value of at least 3 characters');
    return { field: name[0], metadataKey, operator: operator[0] as SearchOperator, value, negated };
  };

  if (text.trim() === '') throw bad('the query is empty');
  const clauses = [clause()];
  const joiners = new Set<string>();
  for (;;) {
    skipSpace();
    if (at >= text.length) break;
    const joiner = /^(AND|OR)\s/.exec(text.slice(at));
    if (!joiner) throw bad(`expected AND or OR at position ${at}`);
    joiners.add(joiner[1]);
    at += joiner[1].length;
    clauses.push(clause());
  }
  if (joiners.size > 1) throw bad('using both AND and OR in the same query is not supported');
  if (clauses.length > 10) throw bad('a query may have at most 10 clauses');
  return { joiner: joiners.has('OR') ? 'OR' : 'AND', clauses };
}

function metadataOf(object: unknown): Record<string, string> {
  const metadata = (object as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, string>) : {};
}

/** A predicate for a parsed query over a resource's fields; a field the resource cannot be searched by is a 400. */
export function compileSearch<T>(query: SearchQuery, fields: SearchFields<T>): (object: T) => boolean {
  const tests = query.clauses.map((clause): ((object: T) => boolean) => {
    let read: (object: T) => unknown;
    let kind: SearchField<T>['kind'];
    if (clause.metadataKey !== undefined) {
      const key = clause.metadataKey;
      read = (o) => metadataOf(o)[key] ?? null;
      kind = 'string';
    } else {
      const field = fields[clause.field];
      if (!field || clause.field === 'metadata') throw bad(`${clause.field} is not a searchable field here; search by ${[...Object.keys(fields), "metadata['key']"].join(', ')}`);
      read = field.read;
      kind = field.kind;
    }
    const { operator, value } = clause;
    const numeric = operator === '>' || operator === '<' || operator === '>=' || operator === '<=';
    if (numeric && (kind !== 'number' || typeof value !== 'number')) throw bad(`${clause.field} cannot be compared with ${operator}; only numeric fields can, with a number`);
    if (operator === '~' && kind === 'number') throw bad(`${clause.field} is numeric; search it with : or a comparison`);
    const test = (o: T): boolean => {
      const actual = read(o);
      if (value === null) return actual === null || actual === undefined;
      if (actual === null || actual === undefined) return false;
      switch (operator) {
        case ':':
          return kind === 'number' ? Number(actual) === Number(value) : String(actual).toLowerCase() === String(value).toLowerCase();
        case '~':
          return String(actual).toLowerCase().includes(String(value).toLowerCase());
        case '>':
          return Number(actual) > (value as number);
        case '<':
          return Number(actual) < (value as number);
        case '>=':
          return Number(actual) >= (value as number);
        default:
          return Number(actual) <= (value as number);
      }
    };
    return clause.negated ? (o) => !test(o) : test;
  });
  return query.joiner === 'AND' ? (o) => tests.every((t) => t(o)) : (o) => tests.some((t) => t(o));
}
