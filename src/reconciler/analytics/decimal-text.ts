/** Exact decimal text as PostgreSQL's numeric gives it, without the trailing zeros its scale adds (`12.5000` → `12.5`). */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
