/** Go text/template's parser (text/template/parse/parse.go): tokens → tree, with Go's error texts. */
import { itemString, lex, type Item } from './lexer.js';
import { numberNode } from './literals.js';
import { isEmptyTree, termText, type ArgNode, type CommandNode, type ListNode, type Node, type PipeNode, type TreeSet, type VariableNode } from './nodes.js';
import { goQuote, unquoteString } from './strconv.js';

/** Thrown for a syntax error; `message` is Go's complete text (`template: NAME:LINE: …`). */
export class TemplateSyntaxError extends Error {}

type Marker = { type: 'end' | 'else'; pos: number };

/** Parses a template. `hasFunction` says which identifiers are defined functions. */
export function parse(name: string, text: string, hasFunction: (name: string) => boolean): TreeSet {
  const items = lex(text);
  let index = 0;
  let lastLine = 1;
  let vars = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;

  const fail = (message: string): never => {
    throw new TemplateSyntaxError(`template: ${name}:${lastLine}: ${message}`);
  };
  const next = (): Item => {
    const item = items[Math.min(index++, items.length - 1)];
    lastLine = item.line;
    return item;
  };
  const backup = (n = 1): void => {
    index -= n;
  };
  const peek = (): Item => items[Math.min(index, items.length - 1)];
  const nextNonSpace = (): Item => {
    let item = next();
    while (item.type === 'space') item = next();
    return item;
  };
  const peekNonSpace = (): Item => {
    const item = nextNonSpace();
    backup();
    return item;
  };
  const unexpected = (item: Item, context: string): never => {
    if (item.type === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== item.line) {
        extra = ` in action started at ${name}:${actionLine}`;
        if (item.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return fail(item.val + extra);
    }
    return fail(`unexpected ${itemString(item)} in ${context}`);
  };
  const expect = (type: Item['type'], context: string): Item => {
    const item = nextNonSpace();
    if (item.type !== type) unexpected(item, context);
    return item;
  };

  const itemList = (): { list: ListNode; next: Marker } => {
    const list: ListNode = { type: 'list', pos: peekNonSpace().pos, nodes: [] };
    while (peekNonSpace().type !== 'eof') {
      const n = textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, next: n };
      list.nodes.push(n as Node);
    }
    return fail('unexpected EOF');
  };
  const textOrAction = (): Node | Marker => {
    const item = nextNonSpace();
    if (item.type === 'text') return { type: 'text', pos: item.pos, text: item.val };
    if (item.type === 'leftDelim') {
      actionLine = item.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(item, 'input');
  };
  const action = (): Node | Marker => {
    const item = nextNonSpace();
    if (item.type === 'keyword') {
      switch (item.val) {
        case 'break':
        case 'continue':
          expect('rightDelim', `{{${item.val}}}`);
          if (rangeDepth === 0) fail(`{{${item.val}}} outside {{range}}`);
          return { type: item.val, pos: item.pos };
        case 'else': {
          const p = peekNonSpace();
          if (p.type === 'keyword' && p.val === 'if') return { type: 'else', pos: p.pos };
          return { type: 'else', pos: expect('rightDelim', 'else').pos };
        }
        case 'end':
          return { type: 'end', pos: expect('rightDelim', 'end').pos };
        case 'if':
          return control('if');
        case 'range':
          return control('range');
        case 'with':
          return control('with');
        case 'template': {
          const nameItem = nextNonSpace();
          const tname = templateName(nameItem, 'template clause');
          let pipe: PipeNode | undefined;
          if (nextNonSpace().type !== 'rightDelim') {
            backup();
            pipe = pipeline('template clause', 'rightDelim');
          }
          return { type: 'template', pos: nameItem.pos, name: tname, quoted: nameItem.val, pipe };
        }
        case 'block': {
          const nameItem = nextNonSpace();
          const tname = templateName(nameItem, 'block clause');
          const pipe = pipeline('block clause', 'rightDelim');
          define(tname, 'block clause');
          return { type: 'template', pos: nameItem.pos, name: tname, quoted: nameItem.val, pipe };
        }
      }
    }
    backup();
    const p = peek();
    return { type: 'action', pos: p.pos, pipe: pipeline('command', 'rightDelim') };
  };
  const templateName = (item: Item, context: string): string => {
    if (item.type === 'string') return unquoteString(item.val) ?? fail('invalid syntax');
    if (item.type === 'rawString') return item.val.slice(1, -1);
    return unexpected(item, context);
  };
  const defs: Record<string, ListNode> = {};
  /** Parses a definition body up to its {{end}} with a fresh variable scope, like Go's separate tree. */
  const define = (tname: string, context: string): void => {
    const saved = vars;
    vars = ['$'];
    try {
      const { list, next: marker } = itemList();
      if (marker.type !== 'end') fail(`unexpected {{${marker.type}}} in ${context}`);
      const existing = defs[tname];
      if (existing && !isEmptyTree(existing)) {
        if (!isEmptyTree(list)) fail(`template: multiple definition of template ${goQuote(tname)}`);
      } else defs[tname] = list;
    } finally {
      vars = saved;
    }
  };
  const control = (context: 'if' | 'range' | 'with'): Node => {
    const saved = vars.length;
    try {
      const pipe = pipeline(context, 'rightDelim');
      if (context === 'range') rangeDepth++;
      let { list, next: marker } = itemList();
      if (context === 'range') rangeDepth--;
      let elseList: ListNode | undefined;
      if (marker.type === 'else') {
        const p = peek();
        if (context === 'if' && p.type === 'keyword' && p.val === 'if') {
          next();
          elseList = { type: 'list', pos: marker.pos, nodes: [control('if')] };
        } else {
          ({ list: elseList, next: marker } = itemList());
          if (marker.type !== 'end') fail(`expected end; found {{${marker.type}}}`);
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      vars = vars.slice(0, saved);
    }
  };
  const pipeline = (context: string, end: 'rightDelim' | 'rightParen'): PipeNode => {
    const pipe: PipeNode = { type: 'pipe', pos: peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    for (let more = true; more; ) {
      more = false;
      const v = peekNonSpace();
      if (v.type !== 'variable') break;
      next();
      const after = peek();
      const n = peekNonSpace();
      if (n.type === 'assign' || n.type === 'declare') {
        pipe.isAssign = n.type === 'assign';
        nextNonSpace();
        pipe.decl.push(variable(v));
        vars.push(v.val);
      } else if (n.type === 'char' && n.val === ',') {
        nextNonSpace();
        pipe.decl.push(variable(v));
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = peekNonSpace().type;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') {
            more = true;
            continue;
          }
          fail('range can only initialize variables');
        }
        fail(`too many declarations in ${context}`);
      } else if (after.type === 'space') {
        backup(2);
      } else {
        backup(1);
      }
    }
    for (;;) {
      const item = nextNonSpace();
      if (item.type === end) {
        if (pipe.cmds.length === 0) fail(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0].type)) fail(`non executable command in pipeline stage ${i + 2}`);
        });
        return pipe;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(item.type)) {
        backup();
        pipe.cmds.push(command());
      } else {
        unexpected(item, context);
      }
    }
  };
  const command = (): CommandNode => {
    const cmd: CommandNode = { type: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const o = operand();
      if (o) cmd.args.push(o);
      const item = next();
      if (item.type === 'space') continue;
      if (item.type === 'rightDelim' || item.type === 'rightParen') backup();
      else if (item.type !== 'pipe') unexpected(item, 'operand');
      break;
    }
    if (cmd.args.length === 0) fail('empty command');
    return cmd;
  };
  const operand = (): ArgNode | undefined => {
    const node = term();
    if (!node || peek().type !== 'field') return node;
    const pos = peek().pos;
    const fields: string[] = [];
    while (peek().type === 'field') fields.push(next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return fail(`unexpected . after term ${goQuote(termText(node))}`);
      default:
        return { type: 'chain', pos, node, field: fields };
    }
  };
  const term = (): ArgNode | undefined => {
    const item = nextNonSpace();
    switch (item.type) {
      case 'identifier':
        if (!hasFunction(item.val)) fail(`function ${goQuote(item.val)} not defined`);
        return { type: 'identifier', pos: item.pos, name: item.val };
      case 'dot':
        return { type: 'dot', pos: item.pos };
      case 'nil':
        return { type: 'nil', pos: item.pos };
      case 'variable':
        if (!vars.includes(item.val.split('.')[0])) fail(`undefined variable ${goQuote(item.val)}`);
        return variable(item);
      case 'field':
        return { type: 'field', pos: item.pos, ident: [item.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: item.pos, value: item.val === 'true' };
      case 'charConstant':
      case 'number':
        return numberNode(item, fail);
      case 'leftParen':
        return pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const s = item.type === 'string' ? unquoteString(item.val) : item.val.slice(1, -1).replaceAll('\r', '');
        if (s === undefined) fail('invalid syntax');
        return { type: 'string', pos: item.pos, quoted: item.val, text: s! };
      }
      default:
        backup();
        return undefined;
    }
  };

  const root: ListNode = { type: 'list', pos: peek().pos, nodes: [] };
  while (peek().type !== 'eof') {
    if (peek().type === 'leftDelim') {
      const delim = next();
      const word = nextNonSpace();
      if (word.type === 'keyword' && word.val === 'define') {
        actionLine = delim.line;
        const nameItem = nextNonSpace();
        const tname = templateName(nameItem, 'define clause');
        expect('rightDelim', 'define clause');
        define(tname, 'define clause');
        actionLine = 0;
        continue;
      }
      index = items.indexOf(delim);
    }
    const n = textOrAction();
    if (n.type === 'end' || n.type === 'else') fail(`unexpected {{${n.type}}}`);
    root.nodes.push(n as Node);
  }
  if (!isEmptyTree(root) || !(name in defs)) defs[name] = root;
  return { root: defs[name], defs };
}


function variable(item: Item): VariableNode {
  return { type: 'variable', pos: item.pos, ident: item.val.split('.') };
}
