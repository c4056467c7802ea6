/**
 * Field-level diagnostics: the one shape every validation problem takes before an adapter turns
 * it into a Pulumi check failure or a Terraform diagnostic.
 *
 * Modelled on terraform-plugin-framework's `diag` package: a summary a person can act on, an
 * optional longer detail, and the attribute path it is about.
 */
import type { z } from 'zod';

/** How bad a diagnostic is: errors stop the operation, warnings are shown and ignored. */
export type Severity = 'error' | 'warning';

/** One problem (or warning) found in user input or reported by a carrier, tied to a field where possible. */
export interface Diagnostic {
  /** `error` stops the operation; `warning` is shown to the user and the operation goes on. */
  readonly severity: Severity;
  /** One short sentence naming the value and what is wrong with it, e.g. `"UK" is not an ISO country code`. */
  readonly summary: string;
  /** Longer explanation, ideally the fix: `did you mean "GB"?`. */
  readonly detail?: string;
  /** Path of the input field the diagnostic is about, in `numbers[2].country` style; absent for whole-resource problems. */
  readonly field?: string;
}

/** Optional parts of a diagnostic, shared by {@link errorDiagnostic} and {@link warningDiagnostic}. */
export interface DiagnosticParts {
  /** Longer explanation or fix. */
  readonly detail?: string;
  /** Field path in `a.b[2].c` style. */
  readonly field?: string;
}

/** Builds an error diagnostic. */
export function errorDiagnostic(summary: string, parts: DiagnosticParts = {}): Diagnostic {
  return withoutUndefined({ severity: 'error', summary, detail: parts.detail, field: parts.field });
}

/** Builds a warning diagnostic. */
export function warningDiagnostic(summary: string, parts: DiagnosticParts = {}): Diagnostic {
  return withoutUndefined({ severity: 'warning', summary, detail: parts.detail, field: parts.field });
}

/** True when at least one diagnostic is an error, i.e. the operation must not go ahead. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Renders a diagnostic as one line for logs and CLI output: `field: summary; detail`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const head = diagnostic.field ? `${diagnostic.field}: ${diagnostic.summary}` : diagnostic.summary;
  return diagnostic.detail ? `${head}; ${diagnostic.detail}` : head;
}

/** Prefixes every diagnostic's field with `base`, for nested resources validated on their own. */
export function nestDiagnostics(base: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => ({ ...d, field: d.field ? joinFieldPath(base, d.field) : base }));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Turns a path of keys and indexes into the `numbers[2].country` form used in diagnostics.
 * Keys that are not plain identifiers are quoted (`labels["cost centre"]`) so the path stays unambiguous.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = typeof segment === 'symbol' ? (segment.description ?? 'symbol') : segment;
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Splits a `numbers[2].country` path back into keys and indexes; the inverse of {@link formatFieldPath}. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const token = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|(\.)/gy;
  let match: RegExpExecArray | null;
  let expectKey = true;
  let valid = true;
  while (valid && token.lastIndex < path.length && (match = token.exec(path)) !== null) {
    if (match[1] !== undefined) {
      valid = expectKey;
      out.push(match[1]);
      expectKey = false;
    } else if (match[2] !== undefined || match[3] !== undefined) {
      // Brackets follow a segment (or open the path); "a.[2]" is not a path.
      valid = !expectKey || out.length === 0;
      out.push(match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3] ?? '""') as string));
      expectKey = false;
    } else {
      valid = !expectKey;
      expectKey = true;
    }
  }
  if (!valid || token.lastIndex !== path.length || (expectKey && path.length > 0)) {
    throw new TypeError(`not a field path: ${JSON.stringify(path)} (expected something like numbers[2].country)`);
  }
  return out;
}

/** Appends a key or index to a field path: `joinFieldPath("numbers", 2)` is `numbers[2]`. */
export function joinFieldPath(base: string | undefined, child: string | number): string {
  if (typeof child === 'number') return `${base ?? ''}[${child}]`;
  if (!base) return child;
  // A child that is already a path fragment starting with an index joins without a dot.
  return child.startsWith('[') ? `${base}${child}` : `${base}.${child}`;
}

/** Options for {@link zodIssuesToDiagnostics}. */
export interface ZodDiagnosticOptions {
  /** Path the validated value sits at inside a larger input, prefixed to every issue path. */
  readonly basePath?: string;
}

/** The part of a zod v4 error this module reads; both `z.ZodError` and `z.core.$ZodError` fit. */
export interface ZodIssueCarrier {
  /** The issues zod found. */
  readonly issues: readonly z.core.$ZodIssue[];
}

/**
 * Converts a zod v4 error into one diagnostic per problem, with `a.b[2].c` field paths.
 * Unknown keys become one diagnostic each so the user sees exactly which field to delete.
 */
export function zodIssuesToDiagnostics(error: ZodIssueCarrier, options: ZodDiagnosticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of error.issues) out.push(...issueToDiagnostics(issue, options.basePath));
  return out;
}

function issueToDiagnostics(issue: z.core.$ZodIssue, basePath: string | undefined): Diagnostic[] {
  const own = formatFieldPath(issue.path);
  const field = basePath ? (own ? joinFieldPath(basePath, own) : basePath) : own || undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        errorDiagnostic(`unknown field "${key}"`, {
          field: joinFieldPath(field, key),
          detail: 'remove it or check its spelling',
        }),
      );
    case 'invalid_union': {
      // Listing every branch's complaint is noise; the first message of each branch is enough to see the options.
      const alternatives = issue.errors
        .map((branch) => branch[0]?.message)
        .filter((m): m is string => typeof m === 'string');
      const detail = alternatives.length > 0 ? `expected one of: ${[...new Set(alternatives)].join(' | ')}` : undefined;
      return [errorDiagnostic(issue.message, { field, detail })];
    }
    default:
      return [errorDiagnostic(issue.message, { field })];
  }
}

function withoutUndefined(d: { severity: Severity; summary: string; detail?: string; field?: string }): Diagnostic {
  const out: { severity: Severity; summary: string; detail?: string; field?: string } = {
    severity: d.severity,
    summary: d.summary,
  };
  if (d.detail !== undefined) out.detail = d.detail;
  if (d.field !== undefined) out.field = d.field;
  return out;
}
