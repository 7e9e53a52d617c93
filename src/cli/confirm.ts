import { createInterface } from 'node:readline/promises';

/** docker's prune prompt: prints the warning and `Are you sure you want to continue? [y/N]`; true on y/yes. */
export async function confirm(warning: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${warning}\nAre you sure you want to continue? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
