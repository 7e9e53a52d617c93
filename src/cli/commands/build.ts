import type { Command } from 'commander';
import { globalOptions } from '../program.js';

// `previous` is not an array for negatable names: commander reads `--no-cache-filter` as the
// negation of `cache-filter` and starts it at `true`.
const collect = (value: string, previous: unknown): string[] => [...(Array.isArray(previous) ? (previous as string[]) : []), value];

/** Flags of `berth build`, as commander hands them over. */
export interface BuildFlags {
  tag?: string[];
  file?: string;
  buildArg?: string[];
  target?: string;
  /** false with --no-cache (commander's negated flag). */
  cache?: boolean;
  /** `--no-cache-filter` values (commander names the key after the negated word; `true` when absent). */
  cacheFilter?: string[] | boolean;
  pull?: boolean;
  label?: string[];
  platform?: string;
  quiet?: boolean;
  iidfile?: string;
  metadataFile?: string;
  progress: string;
  output?: string[];
  push?: boolean;
  network?: string;
  secret?: string[];
  addHost?: string[];
  buildContext?: string[];
  cacheFrom?: string[];
  cacheTo?: string[];
  check?: boolean;
}

/** `berth build [OPTIONS] PATH | -`: docker/buildx's build command. */
export function register(program: Command): void {
  program
    .command('build')
    .description('Build an image from a Dockerfile')
    .usage('[OPTIONS] PATH | -')
    .argument('<path>', 'context directory, or - to read a tar or a Dockerfile from stdin')
    .option('-t, --tag <name>', 'Name and optionally a tag in the "name:tag" format (repeatable)', collect)
    .option('-f, --file <file>', 'Name of the Dockerfile (default: "PATH/Dockerfile"; - for stdin)')
    .option('--build-arg <arg>', 'Set build-time variables (KEY=VALUE or KEY to take it from the environment)', collect)
    .option('--target <stage>', 'Set the target build stage to build')
    .option('--no-cache', 'Do not use cache when building the image')
    .option('--no-cache-filter <stage>', 'Do not cache specified stages', collect)
    .option('--pull', 'Always attempt to pull all referenced images')
    .option('--label <label>', 'Set metadata for an image (KEY=VALUE)', collect)
    .option('--platform <platform>', 'Set target platform(s) for build (os/arch[/variant], comma-separated for a multi-platform index)')
    .option('-q, --quiet', 'Suppress the build output and print image ID on success')
    .option('--iidfile <file>', 'Write the image ID to a file')
    .option('--metadata-file <file>', 'Write build result metadata to a file')
    .option('--progress <mode>', 'Set type of progress output (auto, tty, plain, quiet, rawjson)', 'auto')
    .option('--push', 'Shorthand for "--output=type=registry"')
    .option('-o, --output <spec>', 'Output destination (format: "type=local,dest=path")', collect)
    .option('--network <mode>', 'Set the networking mode for the RUN instructions during build (default, none, host)')
    .option('--secret <spec>', 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret|,env=VAR]")', collect)
    .option('--add-host <host:ip>', 'Add a custom host-to-IP mapping (format: "host:ip")', collect)
    .option('--build-context <name=value>', 'Additional build contexts (e.g., name=path or name=docker-image://ref)', collect)
    .option('--cache-from <spec>', 'External cache sources (type=local,src=path)', collect)
    .option('--cache-to <spec>', 'Cache export destinations (type=local,dest=path)', collect)
    .option('--check', 'Run the Dockerfile checks and report, without building')
    .action(async (path: string, flags: BuildFlags, cmd: Command) => {
      const { runBuild } = await import('./build-run.js');
      process.exitCode = await runBuild(path, flags, globalOptions(cmd).root);
    });
}
