// Checks across a stage or the whole file: stage names, keyword casing, FROM arguments and
// platforms, repeated CMD/ENTRYPOINT/HEALTHCHECK, relative WORKDIR, descriptions.
import type { AstNode, Dockerfile, Instruction, Stage } from '../types.js';
import { nearest } from '../errors.js';
import { expandWord } from '../shell/lexer.js';
import { isValidImageReference } from '../plan/reference.js';
import type { Reporter } from './reporter.js';

const RESERVED = new Set(['scratch', 'context']);
/** Whether `s` is all upper (or lower) case already; ASCII text is checked without a copy. */
function caseIs(s: string, upper: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return s === (upper ? s.toUpperCase() : s.toLowerCase());
    if (upper ? c >= 0x61 && c <= 0x7a : c >= 0x41 && c <= 0x5a) return false;
  }
  return true;
}
const isUpper = (s: string) => caseIs(s, true);
const isLower = (s: string) => caseIs(s, false);

/** Stage names, FROM/AS casing, duplicates, reserved names, instruction casing. */
export function lintNames(df: Dockerfile, r: Reporter): void {
  const seen = new Set<string>();
  for (const stage of df.stages) {
    const args = stage.from.node.args;
    if (args.length !== 3 || stage.name === undefined) continue;
    const written = args[2].value;
    const at = stage.from.location;
    if (!isLower(written)) r.report('StageNameCasing', `Stage name '${written}' should be lowercase`, at);
    const fromKw = stage.from.node.keywordText;
    const asKw = args[1].value;
    if ((isUpper(fromKw) && !isUpper(asKw)) || (isLower(fromKw) && !isLower(asKw))) r.report('FromAsCasing', `'${asKw}' and '${fromKw}' keywords' casing do not match`, at);
    if (seen.has(stage.name)) r.report('DuplicateStageName', `Duplicate stage name "${stage.name}", stage names should be unique`, at);
    seen.add(stage.name);
    if (RESERVED.has(stage.name)) r.report('ReservedStageName', `Stage name should not use the same name as reserved stage "${stage.name}"`, at);
  }
  let upper = 0;
  let lower = 0;
  const count = (n: AstNode) => {
    if (isUpper(n.keywordText)) upper++;
    if (isLower(n.keywordText)) lower++;
  };
  forEachNode(df, count);
  const majority = upper >= lower ? 'uppercase' : 'lowercase';
  const matchesMajority = majority === 'uppercase' ? isUpper : isLower;
  forEachNode(df, (n) => {
    if (!matchesMajority(n.keywordText)) r.report('ConsistentInstructionCasing', `Command '${n.keywordText}' should match the case of the command majority (${majority})`, n.keywordRange.start);
  });
}

/** Every node, ONBUILD's inner instruction right after its ONBUILD. */
function forEachNode(df: Dockerfile, f: (n: AstNode) => void): void {
  for (let k = 0; k < df.nodes.length; k++) {
    const n = df.nodes[k];
    f(n);
    if (n.inner) f(n.inner);
  }
}

/** What the FROM checks need to know about global ARGs. */
export interface FromContext {
  globalArgs: Record<string, string>;
  declaredGlobals: Set<string>;
  /** Global ARG values from defaults only (no build-args). */
  defaultGlobals: Record<string, string>;
}

/** UndefinedArgInFrom, InvalidDefaultArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed. */
export function lintFrom(df: Dockerfile, stage: Stage, ctx: FromContext, r: Reporter): void {
  const from = stage.from;
  const at = from.location;
  const known = new Set([...Object.keys(ctx.globalArgs), ...ctx.declaredGlobals]);
  for (const word of [from.image, from.platform ?? '']) {
    let unmatched: Set<string>;
    try {
      unmatched = expandWord(word, (n) => ctx.globalArgs[n], { escapeToken: df.escapeChar }).unmatched;
    } catch {
      continue;
    }
    for (const name of unmatched) {
      if (known.has(name)) continue;
      const guess = nearest(name, known);
      r.report('UndefinedArgInFrom', `FROM argument '${name}' is not declared${guess ? ` (did you mean ${guess}?)` : ''}`, at);
    }
  }
  if (from.image.includes('$')) {
    let base = '';
    try {
      base = expandWord(from.image, (n) => ctx.defaultGlobals[n], { escapeToken: df.escapeChar }).result;
    } catch {
      base = '';
    }
    if (base === '' || (base.toLowerCase() !== 'scratch' && !isValidImageReference(base) && !df.stages.some((s) => s.name === base.toLowerCase()))) {
      r.report('InvalidDefaultArgInFrom', `Default value for ARG ${from.image} results in empty or invalid base image name`, at);
    }
  }
  const platform = from.platform;
  if (platform === undefined) return;
  if (platform === '$TARGETPLATFORM' || platform === '${TARGETPLATFORM}') {
    r.report('RedundantTargetPlatform', `Setting platform to predefined ${platform} in FROM is redundant as this is the default behavior`, at);
  }
  if (!platform.includes('$')) {
    const [os = '', arch = ''] = platform.toLowerCase().split('/');
    const name = stage.name ?? '';
    if (!(name.includes(os) && name.includes(arch))) r.report('FromPlatformFlagConstDisallowed', `FROM --platform flag should not use constant value "${platform}"`, at);
  }
}

/** What a stage passes on to stages built FROM it, for the checks. */
export interface StageTraits {
  /** A WORKDIR set an absolute path. */
  absoluteWorkdir: boolean;
  /** SHELL ran, so shell-form commands are deliberate. */
  customShell: boolean;
}

/** MultipleInstructionsDisallowed and WorkdirRelativePath for one stage; returns its traits. */
export function lintStageBody(stage: Stage, inherited: StageTraits, r: Reporter): StageTraits {
  const last: Partial<Record<string, Instruction>> = {};
  let absolute = inherited.absoluteWorkdir;
  let customShell = inherited.customShell;
  for (let k = 0; k < stage.instructions.length; k++) {
    const i = stage.instructions[k];
    if (i.kind === 'CMD' || i.kind === 'ENTRYPOINT' || i.kind === 'HEALTHCHECK') {
      const previous = last[i.kind];
      if (previous) r.report('MultipleInstructionsDisallowed', `Multiple ${i.kind} instructions should not be used in the same stage because only the last one will be used`, previous.location);
      last[i.kind] = i;
    } else if (i.kind === 'WORKDIR' && !i.path.includes('$')) {
      if (i.path.startsWith('/')) absolute = true;
      else if (!absolute) r.report('WorkdirRelativePath', `Relative workdir "${i.path}" can have unexpected results if the base image changes`, i.location);
    } else if (i.kind === 'SHELL') customShell = true;
  }
  return { absoluteWorkdir: absolute, customShell };
}

/** InvalidDefinitionDescription (experimental): a comment above a stage or ARG must start with its name. */
export function lintDescriptions(df: Dockerfile, r: Reporter): void {
  const message = 'Comment for build stage or argument should follow the format: "# <arg/stage name> <description>". If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.';
  for (const stage of df.stages) {
    const first = stage.from.node.comments[0];
    if (stage.name && first !== undefined && first.split(/\s+/)[0] !== stage.name) r.report('InvalidDefinitionDescription', message, stage.from.location);
  }
  const args = [...df.metaArgs, ...df.stages.flatMap((s) => s.instructions.filter((i) => i.kind === 'ARG'))];
  for (const arg of args) {
    const first = arg.node.comments[0];
    if (arg.kind === 'ARG' && arg.args.length === 1 && first !== undefined && first.split(/\s+/)[0] !== arg.args[0].name) r.report('InvalidDefinitionDescription', message, arg.location);
  }
}
