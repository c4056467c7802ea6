/** `data.previous_attributes` of an `*.updated` event: the top-level fields an update changed, with their old values. */

/** The fields of `before` whose values differ in `after`, with their values in `before`; undefined when none changed. */
export function previousAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const old = before as Record<string, unknown>;
  const next = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (JSON.stringify(old[key]) !== JSON.stringify(next[key])) changed[key] = old[key] ?? null;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
