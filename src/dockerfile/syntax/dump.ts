// BuildKit's AST dump format (parser.Node.Dump), used by the conformance corpus.
import type { AstNode } from '../types.js';
import { goQuote } from './go-text.js';

/** One node as `keyword ["flags"] "args"…` (without the outer parentheses). */
export function dumpNode(node: AstNode): string {
  let s = node.keyword;
  if (node.flags.length > 0) s += ' [' + node.flags.map((f) => goQuote(f.original)).join(' ') + ']';
  for (const arg of node.args) s += ' ' + goQuote(arg.value);
  if (node.inner) s += ' (' + dumpNode(node.inner) + ')';
  return s;
}

/** The whole tree: one `(…)` line per instruction, each ending with a newline. */
export function dumpAst(nodes: AstNode[]): string {
  return nodes.map((n) => '(' + dumpNode(n) + ')\n').join('');
}
