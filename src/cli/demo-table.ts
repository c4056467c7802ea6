/** The demo's plain tables: left-aligned columns, two spaces apart, indented under the step they belong to. */

/** Rows as aligned text; the first row is the heading (or, for a key/value table, just the first pair). */
export function demoTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
