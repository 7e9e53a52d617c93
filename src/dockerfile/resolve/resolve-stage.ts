// Runs through a stage's instructions like BuildKit's dispatcher, without executing anything:
// tracks image env, ARG scope and ONBUILD triggers, and expands each instruction's words.
import type { ArgInstruction, BaseImageConfig, BuildPlan, Dockerfile, Instruction, ResolvedStage, ResolvedStep } from '../types.js';
import { Reporter } from '../checks/reporter.js';
import { nearest } from '../errors.js';
import { parseOnbuildTriggers } from '../parse.js';
import { PROXY_ARGS } from '../plan/args.js';
import { instructionError } from '../plan/stage-refs.js';
import { expandString, expandWord, type EnvLookup, type ExpansionResult, type LexOptions, type StringExpansion } from '../shell/lexer.js';
import { expandInstruction, type Expanders } from './expand-instruction.js';
import { isPlain } from '../shell/word-split.js';
import { envList, StageScope, type ScopeSnapshot } from './stage-scope.js';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Lexer options for heredoc bodies: variables only, quotes kept. */
const RAW = { skipProcessQuotes: true };

const toMap = (env: string[]) => new Map(env.map((e): [string, string] => [e.split('=')[0], e.slice(e.indexOf('=') + 1)]));

/**
 * Resolves stage `index` of `plan` against its base: the base image's config (env and OnBuild
 * triggers) or, for a stage built FROM another stage, that stage's ResolvedStage. Returns each
 * step with its words expanded, the ARGs in scope and the environments, in execution order
 * (inherited ONBUILD triggers first). Throws a located BerthError on expansion errors.
 */
export function resolveStage(plan: BuildPlan, index: number, base: BaseImageConfig | ResolvedStage): ResolvedStage {
  const df = plan.dockerfile;
  const stage = df.stages[index];
  const buildArgs = plan.buildArgs;
  const parent = 'steps' in base ? base : undefined;
  const config = new Map(parent ? toMap(parent.env) : toMap((base as BaseImageConfig).env));
  if (!parent && ![...config.keys()].includes('PATH')) config.set('PATH', DEFAULT_PATH.slice(5));
  const shell = parent ? toMap(parent.shellEnv) : new Map(config);
  const args: Record<string, string> = parent ? { ...parent.args } : {};
  const declared = new Set<string>(Object.keys(args));
  const r = new Reporter(df);
  const triggers: Instruction[] = parent ? df.stages[parent.index].instructions.flatMap((i) => (i.kind === 'ONBUILD' ? [i.trigger] : [])) : parseOnbuildTriggers((base as BaseImageConfig).onBuild ?? []);
  const onBuild: string[] = [];
  const steps = new Array<ResolvedStep>(triggers.length + stage.instructions.length);
  let stepCount = 0;
  const scope = new StageScope(config, shell, args, Object.entries(buildArgs).filter(([k]) => PROXY_ARGS.has(k)));
  const ex = new StageExpanders(df, scope, declared, r);
  const clearSuggestions = () => ex.suggestions.clear();
  const run = (instruction: Instruction, fromOnbuild: boolean) => {
    ex.instruction = instruction;
    let resolved: Instruction;
    if (instruction.kind === 'ARG') resolved = declareArgs(instruction, plan, buildArgs, ex, scope, declared);
    else {
      resolved = expandInstruction(instruction, ex);
      if (resolved.kind === 'ENV') for (let k = 0; k < resolved.pairs.length; k++) scope.setEnv(resolved.pairs[k].key, resolved.pairs[k].value);
      if (resolved.kind === 'ONBUILD') onBuild.push(resolved.expression);
    }
    const snapshot = scope.snapshot(clearSuggestions);
    steps[stepCount++] = new Step(resolved, fromOnbuild, snapshot);
  };
  for (let k = 0; k < triggers.length; k++) run(triggers[k], true);
  for (let k = 0; k < stage.instructions.length; k++) run(stage.instructions[k], false);
  return { index, steps, env: envList(config), shellEnv: envList(shell), args, onBuild, warnings: r.warnings, errors: r.errors };
}

/**
 * One resolved step. A class, not an object literal: a stage keeps one per instruction, and V8
 * would move the objects of such a literal straight into the old generation (see typeInstruction).
 */
class Step implements ResolvedStep {
  readonly args: Record<string, string>;
  readonly env: string[];
  readonly runEnv: string[];

  constructor(
    readonly instruction: Instruction,
    readonly fromOnbuild: boolean,
    scope: ScopeSnapshot,
  ) {
    this.args = scope.args;
    this.env = scope.env;
    this.runEnv = scope.runEnv;
  }
}

/**
 * Expansion over the stage's current shell environment, created once per stage: `instruction`
 * is the step being expanded (errors and findings point at it).
 */
class StageExpanders implements Expanders {
  instruction!: Instruction;
  /** "Did you mean" guesses per unset name; cleared when the environment changes. */
  readonly suggestions = new Map<string, string | undefined>();
  /** Expansions by word (single words; split words for EXPOSE), valid while the scope's shell version is `cachedVersion`. */
  private readonly expanded = new Map<string, StringExpansion>();
  private readonly split = new Map<string, ExpansionResult>();
  private cachedVersion = -1;

  readonly options: LexOptions;
  private readonly shell: Map<string, string>;

  constructor(private readonly df: Dockerfile, private readonly scope: StageScope, private readonly declared: Set<string>, private readonly r: Reporter) {
    this.options = { escapeToken: df.escapeChar };
    this.shell = scope.shell;
  }

  private readonly lookup = (name: string) => this.shell.get(name);
  // A word without variables, quotes or escapes is itself: checking that is cheaper than the cache lookup.
  readonly word = (w: string): string => (isPlain(w, this.options) ? w : this.run(w, this.options, this.cachedString).result);
  readonly words = (w: string): string[] => this.run(w, this.options, this.cachedWords).words;
  readonly raw = (t: string): string => this.run(t, RAW, expandString).result;
  readonly fail = (message: string, hint?: string): never => {
    throw instructionError(this.df, this.instruction, message, hint);
  };

  /** expandString, remembered per word until the variables change (words repeat across steps). */
  private readonly cachedString = (word: string, env: EnvLookup, options: LexOptions): StringExpansion => this.remembered(this.expanded, word, env, options, expandString);

  /** expandWord, remembered the same way. */
  private readonly cachedWords = (word: string, env: EnvLookup, options: LexOptions): ExpansionResult => this.remembered(this.split, word, env, options, expandWord);

  private remembered<T>(cache: Map<string, T>, word: string, env: EnvLookup, options: LexOptions, expand: (word: string, env: EnvLookup, options: LexOptions) => T): T {
    if (this.cachedVersion !== this.scope.shellVersion) {
      this.expanded.clear();
      this.split.clear();
      this.cachedVersion = this.scope.shellVersion;
    }
    let result = cache.get(word);
    if (result === undefined) {
      result = expand(word, env, options);
      cache.set(word, result);
    }
    return result;
  }

  private run<T extends StringExpansion>(word: string, options: LexOptions, expand: (word: string, env: EnvLookup, options: LexOptions) => T): T {
    let result: T;
    try {
      result = expand(word, this.lookup, options);
    } catch (err) {
      return this.fail((err as Error).message, 'close the quote or brace, or escape the character');
    }
    if (result.unmatched.size === 0) return result;
    for (const name of result.unmatched) {
      if (this.declared.has(name)) continue;
      if (!this.suggestions.has(name)) this.suggestions.set(name, nearest(name, [...this.shell.keys()].filter((k) => Math.abs(k.length - name.length) <= 2)));
      const guess = this.suggestions.get(name);
      this.r.report('UndefinedVar', `Usage of undefined variable '$${name}'${guess ? ` (did you mean $${guess}?)` : ''}`, this.instruction.location);
    }
    return result;
  }
}

/** ARG in a stage: a build-arg wins, else the default expanded, else the global value of that name. */
function declareArgs(i: ArgInstruction, plan: BuildPlan, buildArgs: Record<string, string>, ex: Expanders, scope: StageScope, declared: Set<string>): ArgInstruction {
  const resolved = i.args.map((a) => {
    declared.add(a.name);
    let value: string | undefined;
    if (Object.prototype.hasOwnProperty.call(buildArgs, a.name)) value = buildArgs[a.name];
    else if (a.defaultValue !== undefined) value = ex.word(a.defaultValue);
    else if (Object.prototype.hasOwnProperty.call(plan.globalArgs, a.name)) value = plan.globalArgs[a.name];
    if (value === undefined) return { name: a.name };
    scope.setArg(a.name, value);
    return { name: a.name, defaultValue: value };
  });
  return { ...i, args: resolved };
}
