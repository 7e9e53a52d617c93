/** Expression evaluation of Go's text/template (exec.go): pipelines, commands, fields, calls, arguments. */
import { BUILTINS, type CallContext, type FuncSpec, type ParamType } from './funcs.js';
import { convertArg, lookupField } from './lookup.js';
import type { ArgNode, CommandNode, Node, NumberNode, PipeNode, VariableNode } from './nodes.js';
import { nodeString } from './nodes.js';
import { GoFloat, isTrue, kindOf, typeName } from './values.js';

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
/** A template value (any JS value standing for a Go value). */
export type Value = unknown;

/** The final argument of a pipeline stage when there is none (Go's missingVal). */
export const MISSING = Symbol('missing');

/** Mutable state of one execution, shared by the walker and the evaluator. */
export interface ExecState {
  ctx: ExecContext;
  data: Value;
  out: string[];
  vars: { name: string; value: Value }[];
  /** Name of the template being executed (a `define`d one inside `template`). */
  executing: string;
  /** Go reports a field error on a value held in an interface{} (raw view: map and range elements) as "in type interface {}". */
  dotIsInterface: boolean;
  /** The node being evaluated, named in error messages. */
  current?: ArgNode | CommandNode | Node;
}

/** What the walker uses of the evaluator. */
export interface Evaluator {
  at(node: ArgNode | CommandNode | Node): void;
  fail(message: string): never;
  typeOf(v: Value): string;
  setVar(name: string, value: Value): void;
  evalPipeline(dot: Value, pipe: PipeNode): Value;
}

/** The evaluator closures over `s`. */
export function makeEvaluator(s: ExecState): Evaluator {
  const call: CallContext = { raw: s.ctx.raw };
  const at = (node: ArgNode | CommandNode | Node): void => {
    s.current = node;
  };
  const fail = (message: string): never => {
    if (!s.current) throw new TemplateExecError(`template: ${s.ctx.name}: ${message}`, s.out.join(''));
    const before = s.ctx.text.slice(0, s.current.pos);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(before.slice(lineStart));
    throw new TemplateExecError(`template: ${s.ctx.name}:${line}:${col}: executing ${JSON.stringify(s.executing)} at <${nodeString(s.current)}>: ${message}`, s.out.join(''));
  };
  const typeOf = (v: Value): string => (v === s.data && s.ctx.rootTypeName && kindOf(v, s.ctx.raw) === 'struct' ? s.ctx.rootTypeName : typeName(v, s.ctx.raw));

  const varValue = (name: string): Value => {
    for (let i = s.vars.length - 1; i >= 0; i--) if (s.vars[i].name === name) return s.vars[i].value;
    return fail(`undefined variable: ${name}`);
  };
  const setVar = (name: string, value: Value): void => {
    for (let i = s.vars.length - 1; i >= 0; i--)
      if (s.vars[i].name === name) {
        s.vars[i].value = value;
        return;
      }
    fail(`undefined variable: ${name}`);
  };

  const evalPipeline = (dot: Value, pipe: PipeNode): Value => {
    at(pipe);
    let value: Value = MISSING;
    for (const cmd of pipe.cmds) value = evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) setVar(v.ident[0], value);
      else s.vars.push({ name: v.ident[0], value });
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
        return evalFieldChain(dot, dot, first, first.ident, cmd.args, final, s.dotIsInterface);
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
    for (let i = 0; i < last; i++) receiver = evalField(dot, ident[i], node, [], MISSING, receiver, i === 0 ? firstIsInterface : s.ctx.raw);
    return evalField(dot, ident[last], node, args, final, receiver, last === 0 ? firstIsInterface : s.ctx.raw);
  };

  const evalField = (dot: Value, field: string, node: ArgNode, args: ArgNode[], final: Value, receiver: Value, isInterface: boolean): Value => {
    const hasArgs = args.length > 1 || final !== MISSING;
    const found = lookupField(receiver, field, { raw: s.ctx.raw, missingKeyError: s.ctx.missingKeyError, hasArgs, isInterface, typeOf });
    if ('error' in found) return fail(found.error);
    if ('method' in found) {
      const method = found.method;
      return evalCall(dot, { params: Array.from({ length: method.length }, () => 'value' as ParamType), fn: (_c, ...a) => method.apply(receiver, a) }, node, field, args, final);
    }
    return found.value;
  };

  const evalFunction = (dot: Value, name: string, node: ArgNode, cmd: CommandNode, args: ArgNode[], final: Value): Value => {
    at(node);
    if (name === 'and' || name === 'or') return evalAndOr(dot, name, cmd, args.slice(1), final);
    const spec = s.ctx.funcs[name] ?? BUILTINS[name];
    if (!spec) return fail(`${JSON.stringify(name)} is not a defined function`);
    return evalCall(dot, spec, cmd, name, args, final);
  };

  const evalAndOr = (dot: Value, name: string, cmd: CommandNode, args: ArgNode[], final: Value): Value => {
    const n = args.length + (final === MISSING ? 0 : 1);
    if (n < 1) fail(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: Value;
    for (let i = 0; i < n; i++) {
      v = i < args.length ? evalArg(dot, 'value', args[i]) : final;
      if (isTrue(v, s.ctx.raw) === (name === 'or')) return v;
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
    const converted = convertArg(v, type, s.ctx.raw, typeOf);
    return 'error' in converted ? fail(converted.error) : converted.value;
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
        return validateType(evalFieldChain(dot, dot, n, n.ident, [n], MISSING, s.dotIsInterface), type);
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

  return { at, fail, typeOf, setVar, evalPipeline };
}
