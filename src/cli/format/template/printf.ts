/** Go's fmt.Sprintf for the verbs templates use (%s %d %v %q %t %x %X %o %b %e %f %g %c %U %%, flags, width, precision). */
export function goSprintf(format: string, ...args: unknown[]): string {
  return [format, ...args].join(' ');
}
