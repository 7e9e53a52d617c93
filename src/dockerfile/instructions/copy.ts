// COPY and ADD: sources (paths or inline heredoc files) and a destination.
import type { AddInstruction, CopyInstruction, CopyLike, CopySource } from '../types.js';
import { parseHeredocMarker } from '../syntax/heredoc.js';
import type { ParsedFlags } from './flags.js';
import type { FlagKind } from './flags.js';
import type { InstructionRequest } from './request.js';

/** Flags COPY accepts. */
const COPY_FLAGS: Record<string, FlagKind> = { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' };

/** Flags ADD accepts. */
const ADD_FLAGS: Record<string, FlagKind> = { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', exclude: 'strings', unpack: 'bool', parents: 'bool' };

function sourcesAndDest(req: InstructionRequest): Pick<CopyLike, 'sources' | 'dest'> {
  const count = req.argCount;
  if (count < 2) {
    req.fail(`${req.name} requires at least two arguments, but only one was provided. Destination could not be determined`, `write ${req.name} <source>… <destination>`);
  }
  const dest = req.arg(count - 1);
  if (!req.node.json && parseMarker(dest)) req.fail(`${req.name} cannot accept a heredoc as a destination`, undefined, req.node.argStart(count - 1));
  let heredocIndex = 0;
  const sources = new Array<CopySource>(count - 1);
  for (let k = 0; k < sources.length; k++) {
    const src = req.arg(k);
    const heredoc = req.node.json ? undefined : parseMarker(src) && req.node.heredocs[heredocIndex++];
    sources[k] = heredoc ? { kind: 'heredoc', heredoc } : { kind: 'path', path: src };
  }
  return { sources, dest };
}

function parseMarker(word: string): boolean {
  if (!word.includes('<<')) return false;
  try {
    return parseHeredocMarker(word) !== undefined;
  } catch {
    return false;
  }
}

function common<K extends 'COPY' | 'ADD'>(req: InstructionRequest, flags: ParsedFlags, kind: K): CopyLike & { kind: K } {
  const { sources, dest } = sourcesAndDest(req);
  const out = { kind, node: req.node, location: req.location, sources, dest, link: flags.bool('link'), parents: flags.bool('parents'), exclude: flags.strings('exclude') } as CopyLike & { kind: K };
  const chown = flags.string('chown');
  const chmod = flags.string('chmod');
  if (chown !== undefined) out.chown = chown;
  if (chmod !== undefined) out.chmod = chmod;
  return out;
}

/** COPY [--from] [--chown] [--chmod] [--link] [--parents] [--exclude]… src… dest */
export function parseCopy(req: InstructionRequest): CopyInstruction {
  const flags = req.flags(COPY_FLAGS);
  const copy: CopyInstruction = common(req, flags, 'COPY');
  const from = flags.string('from');
  if (from !== undefined) copy.from = from;
  return copy;
}

/** ADD [--chown] [--chmod] [--link] [--checksum] [--keep-git-dir] [--unpack] [--exclude] [--parents] src… dest */
export function parseAdd(req: InstructionRequest): AddInstruction {
  const flags = req.flags(ADD_FLAGS);
  const add: AddInstruction = common(req, flags, 'ADD');
  const checksum = flags.string('checksum');
  if (checksum !== undefined) add.checksum = checksum;
  if (req.node.flags.some((f) => f.name === 'keep-git-dir')) add.keepGitDir = flags.bool('keep-git-dir');
  if (req.node.flags.some((f) => f.name === 'unpack')) add.unpack = flags.bool('unpack');
  return add;
}
