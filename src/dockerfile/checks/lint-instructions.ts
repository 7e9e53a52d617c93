// Checks on single instructions: key/value format, secrets, JSON arguments, MAINTAINER, EXPOSE,
// sources excluded by .dockerignore.
import type { CommandLine, IgnoreMatcher, Instruction } from '../types.js';
import type { Reporter } from './reporter.js';
import { isSecretKey, secretValueKind } from './secrets.js';

/** Runs the per-instruction rules on one instruction; `customShell`: the stage (or a stage it builds on) ran SHELL, so shell form is deliberate. */
export function lintInstruction(i: Instruction, r: Reporter, isIgnored?: IgnoreMatcher, customShell = false): void {
  const at = i.location;
  switch (i.kind) {
    case 'ENV':
    case 'LABEL':
      if (i.pairs.some((p) => p.legacy)) r.report('LegacyKeyValueFormat', `"${i.kind} key=value" should be used instead of legacy "${i.kind} key value" format`, at);
      if (i.kind === 'ENV') for (const p of i.pairs) secretChecks(r, i.kind, p.key, p.value, at);
      break;
    case 'ARG':
      for (const a of i.args) secretChecks(r, i.kind, a.name, a.defaultValue, at);
      break;
    case 'CMD':
    case 'ENTRYPOINT':
      if (i.command.form === 'shell') {
        if (!customShell) r.report('JSONArgsRecommended', `JSON arguments recommended for ${i.kind} to prevent unintended behavior related to OS signals`, at);
        malformedJson(r, i.kind, i.command, at);
      }
      break;
    case 'MAINTAINER':
      r.report('MaintainerDeprecated', 'Maintainer instruction is deprecated in favor of using label', at);
      break;
    case 'EXPOSE':
      for (const port of i.ports) {
        if (port.includes('$')) continue;
        if (port.includes(':')) r.report('ExposeInvalidFormat', `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`, at);
        const slash = port.indexOf('/');
        const next = port.indexOf('/', slash + 1);
        const proto = slash < 0 ? undefined : port.slice(slash + 1, next < 0 ? port.length : next);
        if (proto !== undefined && proto !== proto.toLowerCase()) r.report('ExposeProtoCasing', `Defined protocol '${port}' in EXPOSE instruction should be lowercase`, at);
      }
      break;
    case 'COPY':
    case 'ADD':
      if (isIgnored && !(i.kind === 'COPY' && i.from !== undefined)) ignoredSources(r, i.kind, i.sources, isIgnored, at);
      break;
    case 'ONBUILD':
      break;
    default:
      break;
  }
}

function secretChecks(r: Reporter, kind: string, key: string, value: string | undefined, at: { line: number; column: number }): void {
  if (isSecretKey(key)) r.report('SecretsUsedInArgOrEnv', `Do not use ARG or ENV instructions for sensitive data (${kind} "${key}")`, at);
  const secret = value === undefined ? undefined : secretValueKind(value);
  if (secret) r.report('SecretValueInArgOrEnv', `${kind} "${key}" holds what looks like ${secret}; it would be saved in the image, pass it with RUN --mount=type=secret instead`, at);
}

/** berth's own check: shell form that was probably meant as a JSON array. */
function malformedJson(r: Reporter, kind: string, command: Extract<CommandLine, { form: 'shell' }>, at: { line: number; column: number }): void {
  const text = command.command.trim();
  if (!text.startsWith('[')) return;
  let reason = 'it is not valid JSON';
  if (text.includes("'")) reason = 'JSON needs double quotes, not single quotes';
  else if (!text.endsWith(']')) reason = 'the closing ] is missing';
  else if (/"\s+"/.test(text)) reason = 'a comma is missing between elements';
  else if ((text.match(/"/g) ?? []).length % 2 === 1) reason = 'a double quote is unbalanced';
  r.report('JSONArgsMalformed', `${kind} looks like a JSON array but ${reason}, so it runs as a shell command: write ${kind} ["executable", "arg"]`, at);
}

function ignoredSources(r: Reporter, kind: string, sources: Extract<Instruction, { kind: 'COPY' }>['sources'], isIgnored: IgnoreMatcher, at: { line: number; column: number }): void {
  for (const src of sources) {
    if (src.kind !== 'path' || src.path.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(src.path) || src.path.startsWith('git@')) continue;
    const clean = src.path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    if (clean === '' || clean === '.') continue;
    if (isIgnored(clean)) r.report('CopyIgnoredFile', `Attempting to ${kind === 'COPY' ? 'Copy' : 'Add'} file "${src.path}" that is excluded by .dockerignore`, at);
  }
}
