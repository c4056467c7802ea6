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
import { routingPlanSchema, type RoutingPlan } from './model';

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
  const result = routingPlanSchema.safeParse(raw);
  if (!result.success) {
    const diagnostics = zodIssuesToDiagnostics({
      issues: result.error.issues.map((issue) => ({ ...issue, path: [] })),
    }).map((d, i) => ({ ...d, field: locate(name, result.error.issues[i].path) }));
    return { name, diagnostics };
  }
  return { name, plan: result.data, diagnostics: [] };
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
    throw new ValidationError({
      summary: `${source}: not valid YAML or JSON: ${first.message.split('\n')[0]}`,
      detail: first.linePos ? `at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : undefined,
    });
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
