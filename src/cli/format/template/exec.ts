/** Executes a parse tree like Go's text/template/exec.go, with Go's error texts and positions. */
import { BUILTINS, type CallContext, type FuncSpec, type ParamType } from './funcs.js';
import type { ArgNode, CommandNode, ControlNode, Node, NumberNode, PipeNode, TreeSet, VariableNode } from './nodes.js';
import { nodeString } from './nodes.js';
import { GoFloat, GoNil, isTrue, JsonNumber, kindOf, printValue, sortedEntries, typeName } from './values.js';

/** Thrown for an execution error; `message` is Go's complete text, `output` what was printed before it. */
export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** What one execution needs. */
export interface ExecContext {
  name: string;
  text: string;
  funcs: Record<string, FuncSpec>;
  raw: boolean;
  missingKeyError: boolean;
  rootTypeName?: string;
}

const MISSING = Symbol('missing');
type Value = unknown;
class BreakSignal {}
class ContinueSignal {}

const MAX_DEPTH = 1000;

/** Runs the main template of `trees` against `data` and returns the output. */
export function execute(trees: TreeSet, data: unknown, ctx: ExecContext): string {
  if (ctx.raw) data = rawView(data);
  const out: string[] = [];
  let vars: { name: string; value: Value }[] = [{ name: '$', value: data }];
  let executing = ctx.name;
  let depth = 0;
  // Go reports a field error on a value held in an interface{} (raw view: map and range elements) as "in type interface {}".
  let dotIsInterface = false;
  const withDot = (isInterface: boolean, run: () => void): void => {
    const saved = dotIsInterface;
    dotIsInterface = isInterface;
    try {
      run();
    } finally {
      dotIsInterface = saved;
    }
  };
  let current: { pos: number; text: string } | undefined;
  const call: CallContext = { raw: ctx.raw };

  const at = (node: ArgNode | CommandNode | Node): void => {
    current = { pos: node.pos, text: nodeString(node) };
  };
  const fail = (message: string): never => {
    if (!current) throw new TemplateExecError(`template: ${ctx.name}: ${message}`, out.join(''));
    const before = ctx.text.slice(0, current.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(before.slice(lineStart));
    throw new TemplateExecError(`template: ${ctx.name}:${line}:${col}: executing ${JSON.stringify(executing)} at <${current.text}>: ${message}`, out.join(''));
  };
  const typeOf = (v: Value): string => (v === data && ctx.rootTypeName && kindOf(v, ctx.raw) === 'struct' ? ctx.rootTypeName : typeName(v, ctx.raw));

  const varValue = (name: string): Value => {
    for (let i = vars.length - 1; i >= 0; i--) if (vars[i].name === name) return vars[i].value;
    return fail(`undefined variable: ${name}`);
  };
  const setVar = (name: string, value: Value): void => {
    for (let i = vars.length - 1; i >= 0; i--)
      if (vars[i].name === name) {
        vars[i].value = value;
        return;
      }
    fail(`undefined variable: ${name}`);
  };

  const walk = (dot: Value, node: Node): void => {
    switch (node.type) {
      case 'text':
        out.push(node.text);
        return;
      case 'list':
        for (const n of node.nodes) walk(dot, n);
        return;
      case 'action': {
        const v = evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          at(node);
          if (kindOf(v, ctx.raw) === 'func') fail(`can't print ${nodeString(node)} of type ${typeOf(v)}`);
          out.push(v === null || v === undefined ? '<no value>' : printValue(v, { raw: ctx.raw }));
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = vars.length;
        const v = evalPipeline(dot, node.pipe);
        if (isTrue(v, ctx.raw)) {
          if (node.type === 'with') withDot(false, () => walk(v, node.list));
          else walk(dot, node.list);
        }
        else if (node.elseList) walk(dot, node.elseList);
        vars = vars.slice(0, mark);
        return;
      }
      case 'range':
        return walkRange(dot, node);
      case 'template':
        return walkTemplate(dot, node);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  };

  const walkTemplate = (dot: Value, node: Extract<Node, { type: 'template' }>): void => {
    at(node);
    const tree = trees.defs[node.name];
    if (!tree) fail(`template ${JSON.stringify(node.name)} not defined`);
    if (depth === MAX_DEPTH) fail(`exceeded maximum template depth (${MAX_DEPTH})`);
    const value = node.pipe ? evalPipeline(dot, node.pipe) : undefined;
    const saved = { vars, executing };
    vars = [{ name: '$', value }];
    executing = node.name;
    depth++;
    try {
      withDot(false, () => walk(value, tree!));
    } finally {
      ({ vars, executing } = saved);
      depth--;
    }
  };

  const walkRange = (dot: Value, node: ControlNode): void => {
    at(node.pipe);
    const outer = vars.length;
    const val = evalPipeline(dot, node.pipe);
    const mark = vars.length;
    const decl = node.pipe.decl;
    const one = (key: Value, elem: Value): void => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) setVar(decl[0].ident[0], decl.length > 1 ? key : elem);
        else vars[mark - 1].value = elem;
      }
      if (decl.length > 1) {
        if (node.pipe.isAssign) setVar(decl[1].ident[0], elem);
        else vars[mark - 2].value = key;
      }
      try {
        withDot(ctx.raw, () => walk(elem, node.list));
      } catch (e) {
        if (!(e instanceof ContinueSignal)) throw e;
      } finally {
        vars = vars.slice(0, mark);
      }
    };
    let iterated = false;
    try {
      switch (kindOf(val, ctx.raw)) {
        case 'slice':
          (val as Value[]).forEach((elem, i) => {
            iterated = true;
            one(i, elem);
          });
          break;
        case 'map':
          for (const [k, v] of sortedEntries(val as object)) {
            iterated = true;
            one(k, v);
          }
          break;
        case 'invalid':
        case 'nil':
          break;
        default:
          fail(`range can't iterate over ${printValue(val, { raw: ctx.raw })}`);
      }
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    }
    if (!iterated && node.elseList) walk(dot, node.elseList);
    vars = vars.slice(0, outer);
  };

  const evalPipeline = (dot: Value, pipe: PipeNode): Value => {
    at(pipe);
    let value: Value = MISSING;
    for (const cmd of pipe.cmds) value = evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) setVar(v.ident[0], value);
      else vars.push({ name: v.ident[0], value });
    }
    return value;
  };

  const notAFunction = (args: ArgNode[], final: Value): void => {
    if (args.length > 1 || final !== MISSING) fail(`can't give argument to non-function ${nodeString(args[0])}`);
  };

  const evalCommand = (dot: Value, cmd: CommandNode, final: Value): Value => {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        at(first);
        return evalFieldChain(dot, dot, first, first.ident, cmd.args, final, dotIsInterface);
      case 'chain':
        return evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return evalFunction(dot, first.name, first, cmd, cmd.args, final);
      case 'pipe':
        notAFunction(cmd.args, final);
        return evalPipeline(dot, first);
      case 'variable':
        return evalVariable(dot, first, cmd.args, final);
    }
    at(first);
    notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return fail('nil is not a command');
      case 'number':
        return constant(first);
      default:
        return first.text;
    }
  };

  const constant = (n: NumberNode): Value => {
    at(n);
    const isFloatText = /[.eEpP]/.test(n.text) && !/^[+-]?0[xX]/.test(n.text) && !n.text.startsWith("'");
    if (n.isFloat && isFloatText) return new GoFloat(n.value);
    if (n.isInt) return n.value;
    return fail(`${n.text} overflows int`);
  };

  const evalChain = (dot: Value, chain: Extract<ArgNode, { type: 'chain' }>, args: ArgNode[], final: Value): Value => {
    at(chain);
    if (chain.node.type === 'nil') fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = evalArg(dot, 'value', chain.node);
    return evalFieldChain(dot, receiver, chain, chain.field, args, final, false);
  };

  const evalVariable = (dot: Value, v: VariableNode, args: ArgNode[], final: Value): Value => {
    at(v);
    const value = varValue(v.ident[0]);
    if (v.ident.length === 1) {
      notAFunction(args, final);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident.slice(1), args, final, false);
  };

  const evalFieldChain = (dot: Value, receiver: Value, node: ArgNode, ident: string[], args: ArgNode[], final: Value, firstIsInterface: boolean): Value => {
    const last = ident.length - 1;
    for (let i = 0; i < last; i++) receiver = evalField(dot, ident[i], node, [], MISSING, receiver, i === 0 ? firstIsInterface : ctx.raw);
    return evalField(dot, ident[last], node, args, final, receiver, last === 0 ? firstIsInterface : ctx.raw);
  };

  const evalField = (dot: Value, field: string, node: ArgNode, args: ArgNode[], final: Value, receiver: Value, isInterface: boolean): Value => {
    const kind = kindOf(receiver, ctx.raw);
    if (kind === 'invalid') {
      // A null held in an interface{} (raw view below the root) is a nil interface, not a missing value.
      if (isInterface) fail(`nil pointer evaluating interface {}.${field}`);
      if (ctx.missingKeyError) fail(`nil data; no entry for key ${JSON.stringify(field)}`);
      return undefined;
    }
    const hasArgs = args.length > 1 || final !== MISSING;
    if (kind === 'struct' || kind === 'map') {
      const method = (receiver as Record<string, unknown>)[field];
      if (typeof method === 'function' && Object.hasOwn(receiver as object, field)) {
        return evalCall(dot, { params: Array.from({ length: method.length }, () => 'value' as ParamType), fn: (_c, ...a) => method.apply(receiver, a) }, node, field, args, final);
      }
    }
    if (kind === 'struct') {
      if (Object.hasOwn(receiver as object, field)) {
        if (hasArgs) fail(`${field} has arguments but cannot be invoked as function`);
        return (receiver as Record<string, unknown>)[field];
      }
    } else if (kind === 'map') {
      if (hasArgs) fail(`${field} is not a method but has arguments`);
      const value = Object.hasOwn(receiver as object, field) ? (receiver as Record<string, unknown>)[field] : undefined;
      if (value === undefined && ctx.missingKeyError) fail(`map has no entry for key ${JSON.stringify(field)}`);
      return value;
    } else if (kind === 'nil') {
      if ((receiver as GoNil).kind === 'map') {
        if (hasArgs) fail(`${field} is not a method but has arguments`);
        if (ctx.missingKeyError) fail(`map has no entry for key ${JSON.stringify(field)}`);
        return undefined;
      }
      fail(`nil pointer evaluating ${typeOf(receiver)}.${field}`);
    }
    return fail(`can't evaluate field ${field} in type ${isInterface ? 'interface {}' : typeOf(receiver)}`);
  };

  const evalFunction = (dot: Value, name: string, node: ArgNode, cmd: CommandNode, args: ArgNode[], final: Value): Value => {
    at(node);
    if (name === 'and' || name === 'or') return evalAndOr(dot, name, cmd, args.slice(1), final);
    const spec = ctx.funcs[name] ?? BUILTINS[name];
    if (!spec) return fail(`${JSON.stringify(name)} is not a defined function`);
    return evalCall(dot, spec, cmd, name, args, final);
  };

  const evalAndOr = (dot: Value, name: string, cmd: CommandNode, args: ArgNode[], final: Value): Value => {
    const n = args.length + (final === MISSING ? 0 : 1);
    if (n < 1) fail(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: Value;
    for (let i = 0; i < n; i++) {
      v = i < args.length ? evalArg(dot, 'value', args[i]) : final;
      if (isTrue(v, ctx.raw) === (name === 'or')) return v;
    }
    at(cmd);
    return v;
  };

  const evalCall = (dot: Value, spec: FuncSpec, node: ArgNode | CommandNode, name: string, allArgs: ArgNode[], final: Value): Value => {
    const args = allArgs.slice(1);
    const numIn = args.length + (final === MISSING ? 0 : 1);
    const fixedCount = spec.params.length;
    if (spec.variadic) {
      if (numIn < fixedCount) fail(`wrong number of args for ${name}: want at least ${fixedCount} got ${args.length}`);
    } else if (numIn !== fixedCount) fail(`wrong number of args for ${name}: want ${fixedCount} got ${numIn}`);
    const argv: Value[] = [];
    args.forEach((a, i) => argv.push(evalArg(dot, i < fixedCount ? spec.params[i] : spec.variadic!, a)));
    if (final !== MISSING) {
      const type = numIn - 1 < fixedCount ? spec.params[numIn - 1] : spec.variadic!;
      argv.push(validateType(final, type));
    }
    try {
      return spec.fn(call, ...argv);
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      at(node);
      return fail(`error calling ${name}: ${(e as Error).message}`);
    }
  };

  const validateType = (v: Value, type: ParamType): Value => {
    const kind = kindOf(v, ctx.raw);
    switch (type) {
      case 'value':
        return v;
      case 'string':
        if (typeof v === 'string') return v;
        if (kind === 'invalid') fail('invalid value; expected string');
        return fail(`wrong type for value; expected string; got ${typeOf(v)}`);
      case 'int':
        if (kind === 'int') return v;
        if (kind === 'invalid') fail('invalid value; expected int');
        return fail(`wrong type for value; expected int; got ${typeOf(v)}`);
      case 'strings':
        if (kind === 'invalid' || (kind === 'nil' && (v as GoNil).kind === 'slice')) return [];
        if (typeOf(v) === '[]string') return v;
        return fail(`wrong type for value; expected []string; got ${typeOf(v)}`);
    }
  };

  const evalArg = (dot: Value, type: ParamType, n: ArgNode): Value => {
    at(n);
    switch (n.type) {
      case 'dot':
        return validateType(dot, type);
      case 'nil':
        if (type === 'value' || type === 'strings') return type === 'strings' ? [] : undefined;
        return fail(`cannot assign nil to ${type}`);
      case 'field':
        return validateType(evalFieldChain(dot, dot, n, n.ident, [n], MISSING, dotIsInterface), type);
      case 'variable':
        return validateType(evalVariable(dot, n, [n], MISSING), type);
      case 'pipe':
        return validateType(evalPipeline(dot, n), type);
      case 'identifier':
        return validateType(evalFunction(dot, n.name, n, { type: 'command', pos: n.pos, args: [n] }, [n], MISSING), type);
      case 'chain':
        return validateType(evalChain(dot, n, [n], MISSING), type);
    }
    switch (type) {
      case 'value':
        return n.type === 'number' ? constant(n) : n.type === 'bool' ? n.value : n.text;
      case 'string':
        if (n.type === 'string') return n.text;
        return fail(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.type === 'number' && n.isInt) return n.value;
        return fail(`expected integer; found ${nodeString(n)}`);
      default:
        return fail(`can't handle ${nodeString(n)} for arg of type []string`);
    }
  };

  walk(data, trees.root);
  return out.join('');
}

/** docker's raw inspect view decodes JSON with UseNumber: numbers become json.Number (a string type). */
function rawView(v: unknown): unknown {
  if (typeof v === 'number') return new JsonNumber(JSON.stringify(v));
  if (Array.isArray(v)) return v.map(rawView);
  if (v !== null && typeof v === 'object' && !(v instanceof GoNil)) {
    const source = (typeof (v as { toJSON?: unknown }).toJSON === 'function' ? JSON.parse(JSON.stringify(v)) : v) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(source).map(([k, x]) => [k, rawView(x)]));
  }
  return v;
}
