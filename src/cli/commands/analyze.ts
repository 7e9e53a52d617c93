import type { Command } from 'commander';
import { openCliStore } from '../store.js';

/** `berth analyze IMAGE`: per-layer changes, dive's efficiency, findings with fixes, a CI gate. */
export function register(program: Command): void {
  program
    .command('analyze')
    .description('Analyze the layers of an image: changes, wasted space and how to avoid it')
    .argument('<image>', 'image in the store, docker-archive:FILE, oci-archive:FILE, oci:DIR, or docker://REF (a registry, read without pulling)')
    .option('--format <format>', "output format: 'text' (default) or 'json'")
    .option('-i, --interactive', 'browse the layers and their file trees interactively')
    .option('--ci', 'check the thresholds and exit with status 1 when one is crossed (reasons on stderr)')
    .option('--ci-config <path>', 'thresholds file (default: .berth-analyze.yaml next to --file, or in the current directory)')
    .option('-f, --file <path>', 'the Dockerfile the image was built from: findings name its lines, and its directory holds .berth-analyze.yaml')
    .option('--lowest-efficiency <ratio>', "lowest allowed efficiency, 0..1, or 'disabled' (default 0.9)")
    .option('--highest-wasted-bytes <size>', "highest allowed wasted bytes (e.g. 20MB), or 'disabled' (default)")
    .option('--highest-user-wasted-percent <ratio>', "highest allowed ratio of wasted to user bytes, 0..1, or 'disabled' (default 0.1)")
    .option('--platform <platform>', 'platform to analyze when the image is multi-platform')
    .option('--depth <n>', 'directory levels of the change trees in the text report (0: no trees; default 3)')
    .option('--no-color', 'no colour even on a terminal')
    .action(async (image: string, options, command: Command) => {
      const { runAnalyzeCommand } = await import('../../analyze/index.js');
      process.exitCode = await runAnalyzeCommand(image, options, { store: () => openCliStore(command), stdout: process.stdout, stderr: process.stderr });
    });
}
