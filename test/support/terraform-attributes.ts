/** Test helpers for reading the Terraform provider's schemas: an attribute by its dotted path, and its flags. */
import type { TfAttribute } from '../../provider/terraform/server/types';

/** The attribute at a dotted path of Terraform names. */
export function attributeAt(attributes: readonly TfAttribute[], path: string): TfAttribute {
  let current: readonly TfAttribute[] = attributes;
  let found: TfAttribute | undefined;
  for (const name of path.split('.')) {
    found = current.find((a) => a.name === name);
    if (!found) throw new Error(`no attribute ${path} (stuck at ${name}; have ${current.map((a) => a.name).join(', ')})`);
    current = found.nestedType?.attributes ?? [];
  }
  return found!;
}

/** `required`, `optional`, `computed`, `sensitive`, joined with "+". */
export function attributeFlags(a: TfAttribute): string {
  return (['required', 'optional', 'computed', 'sensitive'] as const).filter((f) => a[f]).join('+');
}
