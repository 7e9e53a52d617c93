/** Parses a pflag-style boolean value (`-H=false`, `--human false`); a bare flag means true. */
export function parseBoolFlag(value: string | undefined): boolean {
  const text = (value ?? 'true').replace(/^=/, '').toLowerCase();
  if (['true', '1', 't'].includes(text)) return true;
  if (['false', '0', 'f'].includes(text)) return false;
  throw new Error(`invalid boolean value "${value}": use true or false`);
}
