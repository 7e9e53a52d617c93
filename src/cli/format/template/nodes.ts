/** Parse tree of a Go template (text/template/parse/node.go), reduced to what execution needs. */

/** A list of nodes (template body, branch). */
export interface ListNode {
  type: 'list';
  pos: number;
  nodes: Node[];
}

/** Node in a list. */
export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: PipeNode }
  | ControlNode
  | { type: 'break' | 'continue'; pos: number }
  | { type: 'template'; pos: number; name: string; quoted: string; pipe?: PipeNode }
  | ListNode;

/** A parsed template text: the main body and the templates it defines (`define`, `block`). */
export interface TreeSet {
  root: ListNode;
  defs: Record<string, ListNode>;
}

/** `{{if}}`, `{{with}}` or `{{range}}` with its body and optional else branch. */
export interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
}

/** A pipeline with optional variable declarations: `$x := a | b`. */
export interface PipeNode {
  type: 'pipe';
  pos: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

/** One stage of a pipeline: an operand followed by arguments. */
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}

/** `$x.Field…` (ident[0] is the variable name). */
export interface VariableNode {
  type: 'variable';
  pos: number;
  ident: string[];
}

/** A number literal with Go's classification (ints are floats too; `1.0` is a float constant). */
export interface NumberNode {
  type: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isFloat: boolean;
  /** Fits uint64 but not int64 (execution then fails with "overflows int"). */
  isUint?: boolean;
  value: number;
}

/** An operand or argument of a command. */
export type ArgNode =
  | { type: 'field'; pos: number; ident: string[] }
  | { type: 'chain'; pos: number; node: ArgNode; field: string[] }
  | VariableNode
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | NumberNode
  | { type: 'string'; pos: number; quoted: string; text: string }
  | PipeNode;

/** Go's String() of a node, used in `at <…>` of execution errors. */
export function nodeString(n: ArgNode | CommandNode | Node): string {
  switch (n.type) {
    case 'field':
      return n.ident.map((f) => '.' + f).join('');
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + n.field.map((f) => '.' + f).join('');
    }
    case 'variable':
      return n.ident.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'text':
      return n.text;
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'template':
      return n.pipe ? `{{template ${n.quoted} ${nodeString(n.pipe)}}}` : `{{template ${n.quoted}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    default:
      return `{{${n.type} ${nodeString(n.pipe)}}}`;
  }
}

/** The text of a literal term, for "unexpected . after term". */
export function termText(node: ArgNode): string {
  if (node.type === 'string') return node.quoted;
  if (node.type === 'number') return node.text;
  if (node.type === 'bool') return String(node.value);
  return node.type === 'dot' ? '.' : 'nil';
}

/** Go's IsEmptyTree: only whitespace text (and empty lists). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => (n.type === 'text' ? n.text.trim() === '' : n.type === 'list' && isEmptyTree(n)));
}
