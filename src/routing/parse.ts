/**
 * Reading routing plans from what authors write (YAML, JSON or a TypeScript object) into the
 * validated model, with every problem located by a step path such as
 * `plans.support.menu.options[2].next`: the plan, the step, then the field inside the step.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import type { Diagnostic } from '../core/diagnostics';
import { errorDiagnostic, formatFieldPath, joinFieldPath, zodIssuesToDiagnostics } from '../core/diagnostics';
import { ValidationError } from '../core/errors';
import type { z } from 'zod';
import { NameSuggester } from '../core/suggest';
import { routingPlanSchema, stepSchema, type RoutingPlan } from './model';

/** Where a plan's own fields are reported: `plans.support`. */
export function planPath(planName: string): string {
  return formatFieldPath(['plans', planName]);
}

/**
 * The path of a step or of a field inside it, `plans.support.menu.options[2].next`; the `steps` map
 * is left out because step names are unique within a plan and the short form reads better.
 */
export function stepPath(planName: string, stepName: string, ...field: (string | number)[]): string {
  return formatFieldPath(['plans', planName, stepName, ...field]);
}

/** Turns a zod path inside a plan (`["steps","menu","next"]`) into a step path. */
function locate(planName: string, path: readonly PropertyKey[]): string {
  if (path[0] === 'steps' && typeof path[1] === 'string') {
    return stepPath(planName, path[1], ...(path.slice(2) as (string | number)[]));
  }
  const own = formatFieldPath(path);
  return own ? joinFieldPath(planPath(planName), own) : planPath(planName);
}

/** The outcome of reading one plan: the plan when its shape is valid, and what is wrong with it. */
export interface ParsedPlan {
  readonly name: string;
  readonly plan?: RoutingPlan;
  readonly diagnostics: Diagnostic[];
}

/** Validates one plan's shape (types, formats, required fields); the graph checks are `checkRoutingPlan`'s job. */
export function parseRoutingPlan(name: string, raw: unknown): ParsedPlan {
  if (raw === null || raw === undefined) {
    return { name, diagnostics: [errorDiagnostic('the plan is empty', { field: planPath(name), detail: 'a plan needs `start` and `steps`; see examples/routing/ for complete plans' })] };
  }
  const result = routingPlanSchema.safeParse(raw);
  if (!result.success) {
    const diagnostics = result.error.issues.map((issue) => {
      const field = locate(name, issue.path);
      return plainIssue(issue, raw, field) ?? { ...zodIssuesToDiagnostics({ issues: [{ ...issue, path: [] }] })[0], field };
    });
    return { name, diagnostics };
  }
  return { name, plan: result.data, diagnostics: [] };
}

/** Every step type, for "did you mean" on a mistyped `type`. */
const STEP_TYPES: readonly string[] = stepSchema.options.map((o) => o.shape.type.value);

/**
 * Words for the two mistakes zod words worst: a missing required field ("expected string, received
 * undefined", or a list of every alternative of a union) and a mistyped step `type`.
 */
function plainIssue(issue: z.core.$ZodIssue, raw: unknown, field: string): Diagnostic | undefined {
  const key = issue.path[issue.path.length - 1];
  const value = valueAt(raw, issue.path);
  if (value === undefined && typeof key === 'string' && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    const where = issue.path[0] === 'steps' && issue.path.length >= 3 ? 'this step' : issue.path.length === 1 ? 'the plan' : 'it';
    return errorDiagnostic(`\`${key}\` is required`, { field, detail: `add \`${key}:\` to ${where} (see docs/routing.md for what it takes)` });
  }
  if (key === 'type' && issue.path.length === 3 && typeof value === 'string' && !STEP_TYPES.includes(value)) {
    const near = new NameSuggester().nearest(value, STEP_TYPES);
    return errorDiagnostic(`"${value}" is not a step type`, {
      field,
      detail: `${near ? `did you mean "${near}"? ` : ''}a step's type is one of ${STEP_TYPES.join(', ')}`,
    });
  }
  return undefined;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = raw;
  for (const segment of path) {
    if (typeof here !== 'object' || here === null || !Object.prototype.hasOwnProperty.call(here, segment)) return undefined;
    here = (here as Record<PropertyKey, unknown>)[segment];
  }
  return here;
}

/** Every plan in a document: `{ plans: { name: plan } }`, or a bare plan (named after its file). */
export function parseRoutingPlans(raw: unknown, fallbackName = 'plan'): ParsedPlan[] {
  if (isObject(raw) && isObject(raw.plans) && !('start' in raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'plans');
    const parsed = Object.entries(raw.plans).map(([name, plan]) => parseRoutingPlan(name, plan));
    if (extra.length > 0) {
      parsed.unshift({ name: '', diagnostics: extra.map((k) => errorDiagnostic(`unknown top-level key "${k}"`, { field: k, detail: 'a plan file has only `plans: { <name>: <plan> }`' })) });
    }
    return parsed;
  }
  return [parseRoutingPlan(fallbackName, raw)];
}

/** Reads YAML or JSON text; syntax errors become a ValidationError naming the line. */
export function readPlanDocument(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    // The parser's first line already says where ("… at line 4, column 7:"); the rest is a source excerpt.
    throw new ValidationError({ summary: `${source}: not valid YAML or JSON: ${first.message.split('\n')[0].replace(/:$/, '')}` });
  }
  return doc.toJS();
}

/** Loads a plan file (`.yaml`, `.yml` or `.json`); the name of a bare plan is the file's base name. */
export function loadPlanFile(path: string): ParsedPlan[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ValidationError({ summary: `cannot read plan file ${path}`, detail: (e as Error).message });
  }
  return parsePlanText(text, path);
}

/** Parses plan-file text already in memory (from a git ref, say); `source` names it in messages. */
export function parsePlanText(text: string, source: string): ParsedPlan[] {
  return parseRoutingPlans(readPlanDocument(text, source), basename(source, extname(source)) || 'plan');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
