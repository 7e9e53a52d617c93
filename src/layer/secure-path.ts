/**
 * Resolves `unsafePath` inside `root` like filepath-securejoin: every component is resolved,
 * symlinks are followed but interpreted relative to `root` (an absolute target or `..` can never
 * leave it). Returns an absolute host path below root; the final component need not exist.
 */
export async function secureJoin(root: string, unsafePath: string): Promise<string> {
  void root; void unsafePath;
  throw new Error('secureJoin is not implemented yet');
}

/**
 * Normalizes a tar entry name to a relative path ('.' for the root): strips `./` and trailing
 * slashes. Throws LAYER_UNSAFE_PATH for absolute names and names with `..` components.
 */
export function normalizeEntryPath(name: string): string {
  void name;
  throw new Error('normalizeEntryPath is not implemented yet');
}
