import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BerthError, formatPlatform, normalizePlatform, normalizeReference, parsePlatform, type Platform } from '../../core/index.js';
import { build, BuildStepError, checkDockerfile, dockerfileExcerpt, formatLintViolation, formatStepFailure, LintViolationError, parseOutput, writeMetadataFile } from '../../build/index.js';
import type { ProgressSink, SecretSource } from '../../build/index.js';
import { openStore } from '../../store/index.js';
import { createRenderer } from '../progress/index.js';
import type { BuildFlags } from './build.js';

function keyValues(values: readonly string[] | undefined, flag: string, fromEnv = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq < 0) {
      if (!fromEnv) throw new BerthError('FLAG_INVALID', `invalid ${flag} "${v}": expected KEY=VALUE`);
      if (process.env[v] !== undefined) out[v] = process.env[v]!;
      continue;
    }
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

async function readSecrets(specs: readonly string[] | undefined): Promise<SecretSource[]> {
  const out: SecretSource[] = [];
  for (const spec of specs ?? []) {
    const fields = Object.fromEntries(spec.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    const id = fields.id;
    if (!id) throw new BerthError('FLAG_INVALID', `invalid --secret "${spec}": id= is required`);
    const envName = fields.env ?? (fields.src === undefined && process.env[id] !== undefined ? id : undefined);
    if (envName !== undefined) {
      const value = process.env[envName];
      if (value === undefined) throw new BerthError('SECRET_NOT_FOUND', `secret ${id}: environment variable ${envName} is not set`);
      out.push({ id, data: Buffer.from(value) });
    } else out.push({ id, data: await readFile(fields.src ?? fields.source ?? id) });
  }
  return out;
}

function addHosts(values: readonly string[] | undefined): { host: string; ip: string }[] {
  return (values ?? []).map((v) => {
    const colon = v.indexOf(':');
    const eq = v.indexOf('=');
    const sep = eq > 0 && (colon < 0 || eq < colon) ? eq : colon;
    if (sep <= 0) throw new BerthError('FLAG_INVALID', `invalid --add-host "${v}": expected host:ip`);
    return { host: v.slice(0, sep), ip: v.slice(sep + 1) };
  });
}

/** `--platform a,b,c`: one target platform, or several for a multi-platform build (duplicates dropped). */
function targetPlatforms(value: string | undefined): { platform?: Platform; platforms?: Platform[] } {
  if (!value) return {};
  const parsed = value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => normalizePlatform(parsePlatform(v)));
  const platforms = [...new Map(parsed.map((p) => [formatPlatform(p), p])).values()];
  return platforms.length === 1 ? { platform: platforms[0] } : { platforms };
}

function network(value: string | undefined): 'default' | 'none' | 'host' | undefined {
  if (value === undefined || value === 'default' || value === 'none' || value === 'host') return value;
  throw new BerthError('FLAG_INVALID', `network mode "${value}" not supported by buildkit`, { hint: 'use default, none or host' });
}

function sourceDateEpoch(buildArgs: Record<string, string>): number | undefined {
  const value = buildArgs.SOURCE_DATE_EPOCH ?? process.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new BerthError('FLAG_INVALID', `invalid SOURCE_DATE_EPOCH "${value}": expected seconds since 1970`);
  return Number(value);
}

/** The directories of `--cache-from/--cache-to type=local,src|dest=DIR`; other types are reported and skipped. */
function localCacheDirs(specs: readonly string[] | undefined, field: 'src' | 'dest', warn: ProgressSink): string[] {
  const dirs: string[] = [];
  for (const spec of specs ?? []) {
    const fields = Object.fromEntries(spec.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    if (fields.type === 'local' && fields[field]) dirs.push(resolve(fields[field]));
    else warn({ type: 'warning', time: Date.now(), message: `cache ${spec}: only type=local,${field}=DIR is supported; ignored` });
  }
  return dirs;
}

/**
 * `--check`: the build's checks without building, printed like buildx (count, then each finding
 * with its Dockerfile excerpt, then the error of `# check=error=true`); 1 when anything was found.
 */
async function runCheck(path: string, flags: BuildFlags, buildArgs: Record<string, string>, root: string | undefined, signal: AbortSignal): Promise<number> {
  const store = await openStore({ root });
  const { platform, platforms } = targetPlatforms(flags.platform);
  const report = await checkDockerfile(store, {
    contextPath: path,
    dockerfile: flags.file,
    target: flags.target,
    buildArgs,
    platform: platform ?? platforms?.[0],
    namedContexts: keyValues(flags.buildContext, '--build-context'),
    pull: flags.pull,
    signal,
  });
  const { findings } = report;
  const out: string[] = [];
  if (findings.length > 0) out.push(`Check complete, ${findings.length === 1 ? '1 warning has' : `${findings.length} warnings have`} been found!\n`);
  for (const d of findings) {
    out.push(`\nWARNING: ${d.rule}${d.url ? ` - ${d.url}` : ''}\n${d.message}\n`);
    const at = d.location;
    if (at && at.file === report.dockerfileName) out.push(`${dockerfileExcerpt(at.file, report.dockerfileText, at.line, at.line).join('\n')}\n`);
  }
  if (findings.length === 0) out.push('Check complete, no warnings found.\n');
  const errors = findings.filter((d) => d.level === 'error');
  process.stdout.write(out.join(''));
  if (errors.length > 0) {
    const violation = new LintViolationError(errors, report.dockerfileText);
    process.stderr.write(`\nERROR: ${violation.message}\n${formatLintViolation(violation)}`);
  }
  return findings.length > 0 ? 1 : 0;
}

/** Runs `berth build` and returns the exit status (failures are reported here, BuildKit style). */
export async function runBuild(path: string, flags: BuildFlags, root: string | undefined): Promise<number> {
  const buildArgs = keyValues(flags.buildArg, '--build-arg', true);
  const quiet = flags.quiet === true;
  const renderer = createRenderer(quiet ? 'quiet' : flags.progress);
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new BerthError('BUILD_CANCELED', 'build canceled', { exitCode: 130 }));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const cacheFrom = localCacheDirs(flags.cacheFrom, 'src', renderer.sink);
  const [cacheTo] = localCacheDirs(flags.cacheTo, 'dest', renderer.sink);
  try {
    for (const tag of flags.tag ?? []) normalizeReference(tag); // a bad -t fails before the build, not after it
    if (flags.check) return await runCheck(path, flags, buildArgs, root, controller.signal);
    const store = await openStore({ root });
    const result = await build(store, {
      contextPath: path,
      dockerfile: flags.file,
      tags: flags.tag ?? [],
      outputs: [...(flags.output ?? []).map(parseOutput), ...(flags.push ? [{ type: 'registry' as const }] : [])],
      target: flags.target,
      buildArgs,
      ...targetPlatforms(flags.platform),
      noCache: flags.cache === false,
      pull: flags.pull,
      noCacheFilter: Array.isArray(flags.cacheFilter) ? flags.cacheFilter : undefined,
      labels: keyValues(flags.label, '--label'),
      network: network(flags.network),
      addHosts: addHosts(flags.addHost),
      secrets: await readSecrets(flags.secret),
      namedContexts: keyValues(flags.buildContext, '--build-context'),
      sourceDateEpoch: sourceDateEpoch(buildArgs),
      cacheFrom,
      cacheTo,
      progress: renderer.sink,
      signal: controller.signal,
    });
    renderer.finish();
    const stored = result.exported.stored;
    if (flags.iidfile && stored) await writeFile(flags.iidfile, stored.id);
    if (flags.metadataFile) await writeMetadataFile(flags.metadataFile, stored);
    if (quiet && stored) process.stdout.write(`${stored.id}\n`);
    return 0;
  } catch (err) {
    renderer.finish();
    if (err instanceof BuildStepError) {
      process.stderr.write(formatStepFailure(err));
      process.stderr.write(`ERROR: failed to solve: ${err.message}\n`);
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
      return 1;
    }
    if (err instanceof LintViolationError) {
      process.stderr.write(`${formatLintViolation(err)}ERROR: failed to solve: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
