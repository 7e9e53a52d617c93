/** Executes a parse tree like Go's text/template/exec.go: text, actions, if/with/range, template calls. */
import { makeEvaluator, type ExecContext, type ExecState, type Value } from './eval.js';
import type { ControlNode, Node, TreeSet } from './nodes.js';
import { nodeString } from './nodes.js';
import { isTrue, kindOf, printValue, rawJsonView, sortedEntries } from './values.js';

export { TemplateExecError, type ExecContext } from './eval.js';

class BreakSignal {}
class ContinueSignal {}

const MAX_DEPTH = 1000;

/** Runs the main template of `trees` against `data` and returns the output. */
export function execute(trees: TreeSet, data: unknown, ctx: ExecContext): string {
  if (ctx.raw) data = rawJsonView(data);
  const s: ExecState = { ctx, data, out: [], vars: [{ name: '$', value: data }], executing: ctx.name, dotIsInterface: false };
  const { at, fail, typeOf, setVar, evalPipeline } = makeEvaluator(s);
  let depth = 0;
  const withDot = (isInterface: boolean, run: () => void): void => {
    const saved = s.dotIsInterface;
    s.dotIsInterface = isInterface;
    try {
      run();
    } finally {
      s.dotIsInterface = saved;
    }
  };

  const walk = (dot: Value, node: Node): void => {
    switch (node.type) {
      case 'text':
        s.out.push(node.text);
        return;
      case 'list':
        for (const n of node.nodes) walk(dot, n);
        return;
      case 'action': {
        const v = evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          at(node);
          if (kindOf(v, ctx.raw) === 'func') fail(`can't print ${nodeString(node)} of type ${typeOf(v)}`);
          s.out.push(v === null || v === undefined ? '<no value>' : printValue(v, { raw: ctx.raw }));
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = s.vars.length;
        const v = evalPipeline(dot, node.pipe);
        if (isTrue(v, ctx.raw)) {
          if (node.type === 'with') withDot(false, () => walk(v, node.list));
          else walk(dot, node.list);
        }
        else if (node.elseList) walk(dot, node.elseList);
        s.vars = s.vars.slice(0, mark);
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
    const saved = { vars: s.vars, executing: s.executing };
    s.vars = [{ name: '$', value }];
    s.executing = node.name;
    depth++;
    try {
      withDot(false, () => walk(value, tree!));
    } finally {
      ({ vars: s.vars, executing: s.executing } = saved);
      depth--;
    }
  };

  const walkRange = (dot: Value, node: ControlNode): void => {
    at(node.pipe);
    const outer = s.vars.length;
    const val = evalPipeline(dot, node.pipe);
    const mark = s.vars.length;
    const decl = node.pipe.decl;
    const one = (key: Value, elem: Value): void => {
      if (decl.length > 0) {
        if (node.pipe.isAssign) setVar(decl[0].ident[0], decl.length > 1 ? key : elem);
        else s.vars[mark - 1].value = elem;
      }
      if (decl.length > 1) {
        if (node.pipe.isAssign) setVar(decl[1].ident[0], elem);
        else s.vars[mark - 2].value = key;
      }
      try {
        withDot(ctx.raw, () => walk(elem, node.list));
      } catch (e) {
        if (!(e instanceof ContinueSignal)) throw e;
      } finally {
        s.vars = s.vars.slice(0, mark);
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
    s.vars = s.vars.slice(0, outer);
  };

  walk(data, trees.root);
  return s.out.join('');
}
