/** What the provider needs from a data source, and the validation every didops data source shares. */
import type { z } from 'zod';
import { zodIssuesToDiagnostics, type Diagnostic } from '../../../src/core/diagnostics';
import { knownPart, waitsForUnknowns } from '../../../src/core/unknowns';
import { diagnosticToTf } from '../diagnostics';
import type { AttributeModel } from '../schema/attributes';
import { pickAttributes, toModelInputs } from '../schema/values';
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
  const given = toModelInputs(inputs, pickAttributes(inputs, config));
  const { value, unknownPaths } = knownPart(given);
  const parsed = schema.safeParse(value);
  const failures = parsed.success ? extra(parsed.data) : zodIssuesToDiagnostics(parsed.error);
  return failures.filter((d) => !waitsForUnknowns(d, unknownPaths, given)).map(diagnosticToTf);
}
