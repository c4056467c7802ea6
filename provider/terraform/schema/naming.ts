/**
 * Attribute names: the zod models and handlers speak camelCase (`friendlyName`), Terraform speaks snake_case
 * (`friendly_name`). The conversion is mechanical so diagnostics, schemas and docs always agree on a name.
 */

/** `friendlyName` → `friendly_name`, `areaCode` → `area_code`, `e164` → `e164`. */
export function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** `friendly_name` → `friendlyName`; the inverse of {@link toSnakeCase} for the names the models use. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Rewrites backticked field names in documentation text (`` `retainOnDelete` `` → `` `retain_on_delete` ``) so that
 * descriptions written for the models read right in Terraform. Only names in `fields` are touched: enum values such
 * as `tollFree` are what users write and stay as they are.
 */
export function snakeCaseFieldNames(text: string, fields: ReadonlySet<string>): string {
  return text.replace(/`([A-Za-z][A-Za-z0-9.]*)`/g, (whole, inner: string) => {
    const parts = inner.split('.');
    if (!parts.every((p) => fields.has(p))) return whole;
    return `\`${parts.map(toSnakeCase).join('.')}\``;
  });
}
