/** docker's inspect output (cli/command/inspect): indented JSON or a template per object. */

/**
 * Renders inspect results like docker: with no format (or `json`) a JSON array indented with 4
 * spaces; otherwise the template per item, executed first on the typed view and, if that fails,
 * on the raw JSON view with missingkey=error, one output line per item.
 * Throws BerthError('TEMPLATE_PARSE' | 'TEMPLATE_EXEC') with docker's message.
 */
export function formatInspect(format: string | undefined, items: unknown[]): string {
  void items;
  throw new Error(`not implemented: ${format}`);
}
