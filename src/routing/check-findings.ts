/**
 * Collects what the routing-plan checks find and hands it back in a fixed order: plan-level
 * findings first, then by the step's place in the plan, then by field, so the same plan always
 * prints the same list and a diff of two check runs shows only what changed.
 */
import type { Diagnostic } from '../core/diagnostics';
import { errorDiagnostic, joinFieldPath, formatFieldPath, warningDiagnostic } from '../core/diagnostics';
import { planPath, stepPath } from './parse';

/** A field inside a step (or inside the plan, when no step is named): `["options", 2, "next"]`. */
export type FieldSegments = readonly (string | number)[];

interface Finding {
  readonly step: string | undefined;
  readonly field: FieldSegments;
  readonly diagnostic: Diagnostic;
}

/** The findings of one plan's checks, located by step and field. */
export class PlanFindings {
  private readonly findings: Finding[] = [];

  constructor(
    /** The plan's name, the second segment of every path. */
    readonly planName: string,
  ) {}

  /** Records an error about a step's field (or the plan's own field when `step` is undefined). */
  error(step: string | undefined, field: FieldSegments, summary: string, detail: string): void {
    this.findings.push({ step, field, diagnostic: errorDiagnostic(summary, { field: this.path(step, field), detail }) });
  }

  /** Records a warning about a step's field (or the plan's own field when `step` is undefined). */
  warn(step: string | undefined, field: FieldSegments, summary: string, detail: string): void {
    this.findings.push({ step, field, diagnostic: warningDiagnostic(summary, { field: this.path(step, field), detail }) });
  }

  /** Everything found, plan-level first, then in `stepOrder`, then by field (indexes numerically). */
  sorted(stepOrder: ReadonlyMap<string, number>): Diagnostic[] {
    const rank = (f: Finding) => (f.step === undefined ? -1 : (stepOrder.get(f.step) ?? stepOrder.size));
    // Array.prototype.sort is stable, so findings on one field keep the order they were made in.
    return [...this.findings].sort((a, b) => rank(a) - rank(b) || compareFields(a.field, b.field)).map((f) => f.diagnostic);
  }

  private path(step: string | undefined, field: FieldSegments): string {
    if (step !== undefined) return stepPath(this.planName, step, ...field);
    return field.length === 0 ? planPath(this.planName) : joinFieldPath(planPath(this.planName), formatFieldPath(field));
  }
}

/** Orders field paths segment by segment: a parent before its children, indexes as numbers. */
function compareFields(a: FieldSegments, b: FieldSegments): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
