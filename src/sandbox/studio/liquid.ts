/**
 * The small subset of Liquid that Studio widgets use in their properties: `{{ expr | filter: arg }}` interpolation,
 * where an expression is a quoted string or a dotted variable path, followed by the filters `date`, `slice`,
 * `downcase`, `upcase`, `strip`, `remove` and `default`.
 *
 * Templates come from untrusted flow definitions, so rendering never evaluates code, only reads the scope's own
 * properties (never inherited ones such as `constructor`), and runs in time linear in the template's length.
 */

/** A value the scope may hold: what JSON can carry. */
export type LiquidValue = string | number | boolean | null | readonly LiquidValue[] | { readonly [key: string]: LiquidValue };

/** The variables a template can read (`trigger`, `widgets`, `flow`, …). */
export type LiquidScope = { readonly [key: string]: LiquidValue };

/** What rendering needs besides the variables. */
export interface LiquidEnvironment {
  /** The instant `"now"` (and `"today"`) stands for in the `date` filter: the simulated call's time. */
  readonly now: Date;
}

/** A template that cannot be rendered: a syntax error, an unsupported tag, or an unknown or misused filter. */
export class LiquidError extends Error {
  constructor(
    message: string,
    /** The filter at fault, when the problem is a filter. */
    readonly filter?: string,
  ) {
    super(message);
    this.name = 'LiquidError';
  }
}

/** Longest template the sandbox renders: Studio properties are short, and this bounds the work per property. */
export const MAX_TEMPLATE_LENGTH = 100_000;

/** Renders every `{{ … }}` in `template`; unknown variables render as empty strings, as Liquid does. */
export function renderLiquid(template: string, scope: LiquidScope, env: LiquidEnvironment): string {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    throw new LiquidError(`the template is ${template.length} characters long; the sandbox renders at most ${MAX_TEMPLATE_LENGTH}`);
  }
  let out = '';
  let at = 0;
  for (;;) {
    const open = nextTagOpening(template, at);
    if (open < 0) return out + template.slice(at);
    out += template.slice(at, open);
    if (template.startsWith('{%', open)) {
      throw new LiquidError(`Liquid tags ("${snippet(template, open)}") are not supported by the sandbox; use {{ … }} output only`);
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) throw new LiquidError(`"${snippet(template, open)}" opens {{ without a closing }}`);
    out += toText(evaluate(template.slice(open + 2, close), scope, env));
    at = close + 2;
  }
}

/** Position of the next `{{` or `{%`, or -1. */
function nextTagOpening(template: string, from: number): number {
  for (let i = template.indexOf('{', from); i >= 0 && i < template.length - 1; i = template.indexOf('{', i + 1)) {
    const c = template[i + 1];
    if (c === '{' || c === '%') return i;
  }
  return -1;
}

function snippet(template: string, at: number): string {
  const s = template.slice(at, at + 30);
  return s.length < template.length - at ? `${s}…` : s;
}

/** How a value prints: nothing for nil, arrays joined, objects as JSON. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toText).join('');
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------------------------------

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'path'; value: readonly string[]; text: string }
  | { kind: 'punct'; value: '|' | ':' | ',' };

const PATH = /[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;

/** Splits one `{{ … }}` body into tokens in one left-to-right pass. */
function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '|' || c === ':' || c === ',') {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else if (c === '"' || c === "'") {
      const end = body.indexOf(c, i + 1);
      if (end < 0) throw new LiquidError(`{{${body}}} has a string without its closing ${c}`);
      tokens.push({ kind: 'string', value: body.slice(i + 1, end) });
      i = end + 1;
    } else if ((c >= '0' && c <= '9') || c === '-') {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(body);
      if (!m) throw new LiquidError(`{{${body}}}: unexpected "${c}"`);
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else {
      PATH.lastIndex = i;
      const m = PATH.exec(body);
      if (!m) throw new LiquidError(`{{${body}}}: unexpected "${c}"; write a quoted string or a variable such as trigger.call.From`);
      tokens.push({ kind: 'path', value: pathSegments(m[0]), text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

function pathSegments(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split('.')) {
    const bracket = part.indexOf('[');
    if (bracket < 0) {
      out.push(part);
      continue;
    }
    out.push(part.slice(0, bracket));
    for (const m of part.slice(bracket).matchAll(/\[(\d+)\]/g)) out.push(m[1]);
  }
  return out;
}

/** Evaluates `value | filter: a, b | filter …`. */
function evaluate(body: string, scope: LiquidScope, env: LiquidEnvironment): unknown {
  const tokens = tokenize(body);
  if (tokens.length === 0) return '';
  let i = 0;
  let value = operand(tokens[i++], body, scope);
  while (i < tokens.length) {
    const pipe = tokens[i++];
    if (pipe.kind !== 'punct' || pipe.value !== '|') throw new LiquidError(`{{${body}}}: expected "|" before a filter`);
    const name = tokens[i++];
    if (name === undefined || name.kind !== 'path' || name.value.length !== 1) {
      throw new LiquidError(`{{${body}}}: expected a filter name after "|"`);
    }
    const args: unknown[] = [];
    if (tokens[i]?.kind === 'punct' && tokens[i].value === ':') {
      i++;
      for (;;) {
        const arg = tokens[i++];
        if (arg === undefined || arg.kind === 'punct') throw new LiquidError(`{{${body}}}: filter "${name.text}" is missing an argument`);
        args.push(operand(arg, body, scope));
        const sep = tokens[i];
        if (sep?.kind === 'punct' && sep.value === ',') {
          i++;
          continue;
        }
        break;
      }
    }
    value = applyFilter(name.text, value, args, env);
  }
  return value;
}

function operand(token: Token, body: string, scope: LiquidScope): unknown {
  switch (token.kind) {
    case 'string':
    case 'number':
      return token.value;
    case 'path':
      return token.value.length === 1 && (token.text === 'nil' || token.text === 'null') ? null : lookup(scope, token.value);
    case 'punct':
      throw new LiquidError(`{{${body}}}: unexpected "${token.value}"`);
  }
}

/** Reads a path through own properties only; anything missing is nil. */
function lookup(scope: LiquidScope, path: readonly string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------------------------------

/** The filters the sandbox implements, with how many arguments each takes. */
export const LIQUID_FILTERS: Readonly<Record<string, { min: number; max: number }>> = {
  date: { min: 1, max: 1 },
  slice: { min: 1, max: 2 },
  downcase: { min: 0, max: 0 },
  upcase: { min: 0, max: 0 },
  strip: { min: 0, max: 0 },
  remove: { min: 1, max: 1 },
  default: { min: 1, max: 1 },
};

function applyFilter(name: string, input: unknown, args: unknown[], env: LiquidEnvironment): unknown {
  const arity = Object.prototype.hasOwnProperty.call(LIQUID_FILTERS, name) ? LIQUID_FILTERS[name] : undefined;
  if (arity === undefined) {
    throw new LiquidError(`unknown Liquid filter "${name}"; the sandbox knows ${Object.keys(LIQUID_FILTERS).join(', ')}`, name);
  }
  if (args.length < arity.min || args.length > arity.max) {
    const wanted = arity.min === arity.max ? `${arity.min}` : `${arity.min} or ${arity.max}`;
    throw new LiquidError(`the Liquid filter "${name}" takes ${wanted} argument${arity.max === 1 ? '' : 's'}, got ${args.length}`, name);
  }
  switch (name) {
    case 'date':
      return dateFilter(input, args[0], env);
    case 'slice':
      return sliceFilter(input, args);
    case 'downcase':
      return toText(input).toLowerCase();
    case 'upcase':
      return toText(input).toUpperCase();
    case 'strip':
      return toText(input).trim();
    case 'remove':
      return toText(input).split(toText(args[0])).join('');
    default:
      return isBlankForDefault(input) ? args[0] : input;
  }
}

function isBlankForDefault(value: unknown): boolean {
  return value === null || value === undefined || value === false || value === '' || (Array.isArray(value) && value.length === 0);
}

/** `slice: start[, length]`: a negative start counts from the end; the length defaults to 1, as in Liquid. */
function sliceFilter(input: unknown, args: unknown[]): unknown {
  const start = integerArgument(args[0], 'start');
  const length = args.length > 1 ? integerArgument(args[1], 'length') : 1;
  const whole: string | readonly unknown[] = Array.isArray(input) ? input : toText(input);
  const from = start < 0 ? Math.max(whole.length + start, 0) : start;
  if (length <= 0 || from >= whole.length) return Array.isArray(input) ? [] : '';
  return whole.slice(from, from + length);
}

function integerArgument(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new LiquidError(`the Liquid filter "slice" needs an integer ${what}, got ${JSON.stringify(value) ?? 'nil'}`, 'slice');
  return n;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `date: "<strftime>"` in UTC. `"now"` and `"today"` are the execution's instant; numbers are Unix seconds; other
 * strings must be dates JavaScript parses. Like Liquid, an input that is no date passes through unchanged.
 */
function dateFilter(input: unknown, format: unknown, env: LiquidEnvironment): unknown {
  if (typeof format !== 'string') throw new LiquidError('the Liquid filter "date" needs a format string such as "%Y-%m-%d"', 'date');
  const date = asDate(input, env);
  return date === undefined ? input : strftime(date, format);
}

function asDate(input: unknown, env: LiquidEnvironment): Date | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? new Date(input * 1000) : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === 'now' || text === 'today') return env.now;
  if (/^\d{1,12}$/.test(text)) return new Date(Number(text) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Formats a UTC instant with the strftime directives Studio flows use. */
export function strftime(date: Date, format: string): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const d = format[++i];
    switch (d) {
      case 'Y': out += String(date.getUTCFullYear()); break;
      case 'y': out += p2(date.getUTCFullYear() % 100); break;
      case 'm': out += p2(date.getUTCMonth() + 1); break;
      case 'd': out += p2(date.getUTCDate()); break;
      case 'e': out += String(date.getUTCDate()).padStart(2, ' '); break;
      case 'H': out += p2(date.getUTCHours()); break;
      case 'I': out += p2(date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12); break;
      case 'p': out += date.getUTCHours() < 12 ? 'AM' : 'PM'; break;
      case 'M': out += p2(date.getUTCMinutes()); break;
      case 'S': out += p2(date.getUTCSeconds()); break;
      case 'w': out += String(date.getUTCDay()); break;
      case 'u': out += String(date.getUTCDay() === 0 ? 7 : date.getUTCDay()); break;
      case 'a': out += DAY_NAMES[date.getUTCDay()].slice(0, 3); break;
      case 'A': out += DAY_NAMES[date.getUTCDay()]; break;
      case 'b': out += MONTH_NAMES[date.getUTCMonth()].slice(0, 3); break;
      case 'B': out += MONTH_NAMES[date.getUTCMonth()]; break;
      case 's': out += String(Math.floor(date.getTime() / 1000)); break;
      case '%': out += '%'; break;
      default:
        throw new LiquidError(`the date format "${format}" uses %${d ?? ''}, which the sandbox does not support (use %Y %m %d %H %M %S %w %u %a %b)`, 'date');
    }
  }
  return out;
}
