/**
 * Reads the `plan` input into the raw plan the routing checks take: the model object as it is, or YAML/JSON text
 * (Terraform's `file("support.yaml")`, Pulumi's `readFileSync`), bare or as a file holding exactly one plan.
 */
import { errorDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { ValidationError } from '../../core/errors';
import { readPlanDocument } from '../../routing/parse';

/** The raw plan, or why there is none; problems are about the `plan` input as a whole. */
export interface PlanSource {
  readonly raw?: unknown;
  readonly diagnostics: Diagnostic[];
}

/** Turns the `plan` input into one raw plan; `name` is the resource name, which the plan goes by in messages. */
export function readPlanSource(source: string | Record<string, unknown>, name: string): PlanSource {
  let document: unknown = source;
  if (typeof source === 'string') {
    try {
      document = readPlanDocument(source, `plan of ${name}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { diagnostics: [errorDiagnostic(err.summary, { field: 'plan', detail: err.detail ? `${err.detail}; fix the YAML or JSON` : 'fix the YAML or JSON' })] };
    }
  }
  if (!isPlanFile(document)) return { raw: document, diagnostics: [] };
  const extra = Object.keys(document).filter((key) => key !== 'plans');
  if (extra.length > 0) {
    return {
      diagnostics: extra.map((key) =>
        errorDiagnostic(`unknown top-level key "${key}" next to \`plans\``, { field: 'plan', detail: 'a plan file has only `plans: { <name>: <plan> }`; remove it' }),
      ),
    };
  }
  const plans = Object.entries(document.plans as Record<string, unknown>);
  if (plans.length !== 1) {
    const names = plans.map(([n]) => n).join(', ');
    return {
      diagnostics: [
        errorDiagnostic(plans.length === 0 ? 'the plan file has no plans' : `the plan file holds ${plans.length} plans (${names}); a routing plan resource deploys one`, {
          field: 'plan',
          detail: 'declare one resource per plan, each given a file with one plan (or the bare plan: `start:` and `steps:` at the top)',
        }),
      ],
    };
  }
  return { raw: plans[0][1], diagnostics: [] };
}

/** `{ plans: {...} }` rather than a bare plan (which has `start`). */
function isPlanFile(value: unknown): value is { plans: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return !('start' in record) && typeof record.plans === 'object' && record.plans !== null && !Array.isArray(record.plans);
}
