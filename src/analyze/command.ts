// `berth analyze`: open the source, analyse, print the report (text, coloured on a terminal, or
// JSON), run the CI gate, or start the interactive browser. Returns the exit status.

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BerthError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { analyzeImage } from './analyze.js';
import { DEFAULT_CI_RULES, evaluateCi, readCiConfig, type CiRules } from './ci.js';
import { renderJson } from './render/json.js';
import { renderCi, renderText } from './render/text.js';
import { openSource } from './source/open.js';
import type { SourceResolver } from './source/types.js';

/** The flags of `berth analyze`. */
export interface AnalyzeCommandOptions {
  format?: string;
  interactive?: boolean;
  ci?: boolean;
  ciConfig?: string;
  file?: string;
  lowestEfficiency?: string;
  highestWastedBytes?: string;
  highestUserWastedPercent?: string;
  platform?: string;
  depth?: string;
  color?: boolean;
}

/** Where the command writes and what it can open. */
export interface AnalyzeIo {
  store: () => Promise<Store>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  resolver?: SourceResolver;
}

/** Runs `berth analyze IMAGE`; returns the exit status (1 when a CI rule fails). */
export async function runAnalyzeCommand(image: string, options: AnalyzeCommandOptions, io: AnalyzeIo): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new BerthError('INVALID_FLAG', `unknown --format "${format}"`, { hint: "use 'text' or 'json'" });
  const rules = options.ci ? await ciRules(options) : undefined;
  const source = await openSource(image, { store: io.store, platform: options.platform, resolver: io.resolver });
  let analysis;
  try {
    analysis = await analyzeImage(source, options.file === undefined ? {} : { dockerfile: { path: options.file, text: await readDockerfile(options.file) } });
  } finally {
    await source.close();
  }
  if (options.interactive) {
    const { browse } = await import('./browse/terminal.js');
    await browse(analysis);
    return 0;
  }
  const ci = rules === undefined ? undefined : evaluateCi(analysis, rules);
  const colour = options.color !== false && io.stdout.isTTY === true && !process.env.NO_COLOR;
  const depth = options.depth === undefined ? undefined : Number(options.depth);
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0)) throw new BerthError('INVALID_FLAG', `invalid --depth "${options.depth}": expected a whole number ≥ 0`);
  io.stdout.write(format === 'json' ? renderJson(analysis, ci) : renderText(analysis, { colour, tree: depth === undefined ? {} : { depth } }));
  if (ci === undefined) return 0;
  const failed = ci.some((result) => result.status === 'fail');
  io.stderr.write(renderCi(ci, options.color !== false && io.stderr.isTTY === true && !process.env.NO_COLOR));
  return failed ? 1 : 0;
}

async function readDockerfile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new BerthError('INPUT_OPEN', `open ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
}

/** Flags over the config file over dive's defaults. */
async function ciRules(options: AnalyzeCommandOptions): Promise<CiRules> {
  const path = options.ciConfig ?? join(options.file === undefined ? '.' : dirname(options.file), '.berth-analyze.yaml');
  const fromFile = await readCiConfig(path);
  if (fromFile === undefined && options.ciConfig !== undefined) throw new BerthError('CONFIG_INVALID', `open ${path}: no such file or directory`);
  const flags: Partial<CiRules> = {};
  if (options.lowestEfficiency !== undefined) flags.lowestEfficiency = options.lowestEfficiency;
  if (options.highestWastedBytes !== undefined) flags.highestWastedBytes = options.highestWastedBytes;
  if (options.highestUserWastedPercent !== undefined) flags.highestUserWastedPercent = options.highestUserWastedPercent;
  return { ...DEFAULT_CI_RULES, ...fromFile, ...flags };
}
