/**
 * Plans written in TypeScript or JavaScript (`export const support = definePlan({...})`), read as
 * plan documents so `didops routing check|render|compile|simulate|diff` take them like YAML files.
 *
 * TypeScript is loaded through tsx when the project has it (most TypeScript projects do, and didops
 * uses it for its own examples); without it the message says how to get it.
 */
import { extname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ValidationError } from '../core/errors';

/** File extensions read as modules rather than as YAML or JSON. */
export const PLAN_MODULE_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.cjs'];

/** True when a plan file is a module to load, not text to parse. */
export function isPlanModule(path: string): boolean {
  return PLAN_MODULE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/**
 * Loads a plan module and returns a plan document, `{ plans: { <export name>: plan } }`: every export that looks
 * like a plan (an object with `start` and `steps`), a `plans` export holding several, or a default export (named
 * after the file by the caller).
 */
export function loadPlanModule(path: string): unknown {
  const file = resolve(path);
  const requireHere = createRequire(file);
  if (/\.[mc]?ts$/i.test(file)) registerTypeScript(requireHere, path);
  let exported: Record<string, unknown>;
  try {
    exported = requireHere(file) as Record<string, unknown>;
  } catch (e) {
    throw new ValidationError({ summary: `${path}: the plan module failed to load`, detail: (e as Error).message.split('\n')[0] });
  }
  // `export const plans = { support: ..., sales: ... }`, as a YAML file's `plans:`.
  if (looksLikePlanFile(exported)) return { plans: exported.plans };
  const plans: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exported)) {
    if (name === 'default' || name === '__esModule') continue;
    if (looksLikePlan(value)) plans[name] = value;
  }
  const fallback = exported.default;
  if (Object.keys(plans).length === 0 && looksLikePlan(fallback)) return fallback;
  if (Object.keys(plans).length === 0) {
    throw new ValidationError({
      summary: `${path} exports no routing plan`,
      detail: 'export each plan, e.g. `export const support = definePlan({ start: "hours", steps: { ... } })`',
    });
  }
  return { plans };
}

/** Makes `require` understand TypeScript through tsx's CommonJS hook, resolved from the plan's own project first. */
function registerTypeScript(requireHere: NodeJS.Require, path: string): void {
  for (const resolveFrom of [requireHere, require]) {
    try {
      (resolveFrom('tsx/cjs/api') as { register(): unknown }).register();
      return;
    } catch {
      // Try the next place; only if neither has tsx is the user told.
    }
  }
  throw new ValidationError({
    summary: `${path}: reading a TypeScript plan needs tsx`,
    detail: 'install it in your project (npm install --save-dev tsx), or compile the plan to .js, or write it as YAML',
  });
}

function looksLikePlan(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'start' in value && 'steps' in value;
}

function looksLikePlanFile(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'plans' in value && !('start' in value) && typeof (value as { plans: unknown }).plans === 'object';
}
