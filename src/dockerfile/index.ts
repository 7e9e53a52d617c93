// Public surface of the Dockerfile frontend: text → typed Dockerfile → validated BuildPlan →
// per-stage resolved steps for the build engine. Nothing here executes anything.
//
//   const df = parseDockerfile(text, { filename: 'Dockerfile' });
//   const plan = planBuild(df, { target, buildArgs, targetPlatform, isIgnored });
//   if (plan.errors.length) fail(plan.errors);            // `# check=error=true` findings
//   for (const p of plan.stages) {                          // dependencies first
//     const base = p.base.kind === 'stage' ? resolved[p.base.index] : await imageConfig(p.baseName);
//     resolved[p.stage.index] = resolveStage(plan, p.stage.index, base);
//   }

export type * from './types.js';
export { parseDockerfile, parseOnbuildTriggers } from './parse.js';
export { planBuild } from './plan/plan.js';
export { resolveStage } from './resolve/resolve-stage.js';
export { lintDockerfile, type LintOptions, type LintResult } from './checks/lint.js';
export { formatDiagnostic } from './checks/reporter.js';
export { baseImagePlatformFinding } from './checks/base-platform.js';
export { RULES, type Rule } from './checks/rules.js';
export { expandWord, envFromRecord, ExpansionError, type EnvLookup, type ExpansionResult, type LexOptions } from './shell/lexer.js';
export { parseAst, type AstParseResult } from './syntax/ast-parser.js';
export { dumpAst } from './syntax/dump.js';
export { isValidImageReference } from './plan/reference.js';
export { PROXY_ARGS } from './plan/args.js';
export { DOCKERFILE_PARSE } from './errors.js';
