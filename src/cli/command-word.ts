/** The command word of `argv` (its first argument that is neither a flag nor `--root`'s value). */
export function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
  return undefined;
}
