/** What the provider needs from a data source, and the validation every didops data source shares. */
import type { z } from 'zod';
import { parseFieldPath, zodIssuesToDiagnostics, type Diagnostic } from '../../../src/core/diagnostics';
import { diagnosticToTf } from '../diagnostics';
import type { AttributeModel } from '../schema/attributes';
import { knownPart, pickAttributes } from '../schema/values';
import type { TfDiagnostic, TfObject, TfSchema } from '../server/types';

/** A data source as the provider serves it. */
export interface TerraformDataSource {
  /** `didops_available_numbers`. */
  readonly typeName: string;
  /** Every attribute, inputs first. */
  readonly attributes: readonly AttributeModel[];
  /** The data source's schema. */
  schema(): TfSchema;
  /** ValidateDataResourceConfig: values may be unknown. */
  validate(config: TfObject): Promise<TfDiagnostic[]>;
  /** ReadDataSource: the configuration is wholly known. */
  read(config: TfObject): Promise<{ state: TfObject | null; diagnostics: TfDiagnostic[] }>;
}

/**
 * Validates what is known of a data source's configuration with its zod model plus `extra` checks; problems about
 * unknown values (or, while any value is unknown, about unset ones) wait for the read, when all is known.
 */
export async function validateKnown<T>(
  inputs: readonly AttributeModel[],
  schema: z.ZodType<T>,
  config: TfObject,
  extra: (value: T) => Diagnostic[] = () => [],
): Promise<TfDiagnostic[]> {
  const { value, unknownPaths } = knownPart(inputs, pickAttributes(inputs, config));
  const parsed = schema.safeParse(value);
  const failures = parsed.success ? extra(parsed.data) : zodIssuesToDiagnostics(parsed.error);
  const deferred = (d: Diagnostic): boolean => {
    if (unknownPaths.length === 0) return false;
    if (!d.field) return true;
    const path = parseFieldPath(d.field).join('.');
    if (unknownPaths.some((p) => path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`))) return true;
    const top = inputs.find((m) => m.field === path.split('.')[0]);
    return top !== undefined && (config[top.name] ?? null) === null;
  };
  return failures.filter((d) => !deferred(d)).map(diagnosticToTf);
}
