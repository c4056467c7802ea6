/**
 * didops' errors and field diagnostics as Terraform diagnostics: a core `field` (`search.patterns.contains`,
 * `numbers[2].country`) becomes an AttributePath in Terraform's snake_case names, so Terraform underlines the
 * attribute in the user's configuration.
 */
import type { Diagnostic } from '../../src/core/diagnostics';
import { DidopsError, toDiagnostics } from '../../src/core/errors';
import { toSnakeCase } from './schema/naming';
import type { AttributePath, TfDiagnostic } from './server/types';

/**
 * Turns a core field path into a Terraform attribute path: names become snake_case attribute names, `[2]` a list
 * index and `["cost centre"]` a map key. Throws TypeError for text that is not a field path.
 */
export function fieldToAttributePath(field: string): AttributePath {
  const steps: AttributePath = [];
  // The same grammar as core/diagnostics' parseFieldPath, but keeping whether a key was quoted (a map key) or bare
  // (an attribute), which parseFieldPath's plain strings cannot tell apart.
  const token = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|(\.)/gy;
  let expectKey = true;
  let match: RegExpExecArray | null;
  while (token.lastIndex < field.length && (match = token.exec(field)) !== null) {
    if (match[1] !== undefined) {
      if (!expectKey) break;
      steps.push({ attributeName: toSnakeCase(match[1]) });
      expectKey = false;
    } else if (match[2] !== undefined) {
      if (expectKey && steps.length > 0) break;
      steps.push({ elementKeyInt: Number(match[2]) });
      expectKey = false;
    } else if (match[3] !== undefined) {
      if (expectKey && steps.length > 0) break;
      steps.push({ elementKeyString: JSON.parse(match[3]) as string });
      expectKey = false;
    } else {
      if (expectKey) break;
      expectKey = true;
    }
  }
  if (token.lastIndex !== field.length || field.length === 0 || expectKey) {
    throw new TypeError(`not a field path: ${JSON.stringify(field)} (expected something like numbers[2].country)`);
  }
  return steps;
}

/** One core diagnostic as a Terraform diagnostic; a field that is no path (`didops:twilioAuthToken`) is named in the summary instead. */
export function diagnosticToTf(diagnostic: Diagnostic): TfDiagnostic {
  const out: TfDiagnostic = { severity: diagnostic.severity, summary: diagnostic.summary };
  if (diagnostic.detail) out.detail = diagnostic.detail;
  if (diagnostic.field) {
    try {
      out.attribute = fieldToAttributePath(diagnostic.field);
      // Terraform underlines a top-level attribute but shows only the resource for a path into a nested attribute
      // (`search = { country = "UK" }`), so such a path is named in the summary too.
      if (out.attribute.length > 1) out.summary = `${attributePathText(out.attribute)}: ${diagnostic.summary}`;
    } catch {
      out.summary = `${diagnostic.field}: ${diagnostic.summary}`;
    }
  }
  return out;
}

/** An attribute path as HCL users read it: `search.patterns.contains`, `numbers[2].country`, `labels["a b"]`. */
export function attributePathText(path: AttributePath): string {
  return path
    .map((step, i) =>
      'attributeName' in step ? `${i === 0 ? '' : '.'}${step.attributeName}` : 'elementKeyInt' in step ? `[${step.elementKeyInt}]` : `[${JSON.stringify(step.elementKeyString)}]`,
    )
    .join('');
}

/** Any error as Terraform diagnostics: one per field problem of a didops error, else one carrying the message. */
export function toTfDiagnostics(err: unknown): TfDiagnostic[] {
  if (err instanceof DidopsError || (err instanceof Error && err.name === 'ZodError')) {
    return toDiagnostics(err).map(diagnosticToTf);
  }
  if (err instanceof Error) return [{ severity: 'error', summary: err.message || err.name }];
  return [{ severity: 'error', summary: String(err) }];
}

/** True when any diagnostic is an error, i.e. Terraform stops. */
export function hasTfErrors(diagnostics: readonly TfDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
