/**
 * Cleans a tar entry name without judging it: drops `.` and empty components and trailing
 * slashes, keeps a leading '/' and any `..` (applyLayer refuses those). `./` becomes `.`.
 */
export function cleanTarPath(name: string): string {
  const absolute = name.startsWith('/');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) return absolute ? '/' : '.';
  return (absolute ? '/' : '') + parts.join('/');
}
