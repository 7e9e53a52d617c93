// ENV, LABEL (key/value triples from the parser) and ARG (name[=default] words).
import type { ArgDeclaration, ArgInstruction, EnvInstruction, KeyValue, LabelInstruction } from '../types.js';
import type { InstructionRequest } from './request.js';

function keyValues(req: InstructionRequest): KeyValue[] {
  req.flags();
  req.requireArgs();
  // Sized exactly (the instruction keeps it): pushing onto [] would reserve room for 17 pairs.
  const pairs = new Array<KeyValue>(Math.floor(req.argCount / 3));
  for (let k = 0; k < pairs.length; k++) {
    const i = 3 * k;
    const key = req.arg(i);
    if (key === '') req.fail(`${req.name} names can not be blank`, `write ${req.name} <name>=<value>`, req.node.argStart(i));
    pairs[k] = { key, value: req.arg(i + 1), legacy: req.arg(i + 2) === '' };
  }
  return pairs;
}

/** ENV key=value… (values as written; expansion removes quotes). */
export function parseEnv(req: InstructionRequest): EnvInstruction {
  return { node: req.node, location: req.location, kind: 'ENV', pairs: keyValues(req) };
}

/** LABEL key=value… */
export function parseLabel(req: InstructionRequest): LabelInstruction {
  return { node: req.node, location: req.location, kind: 'LABEL', pairs: keyValues(req) };
}

/** ARG name[=default]… */
export function parseArg(req: InstructionRequest): ArgInstruction {
  req.flags();
  req.requireArgs();
  const args = new Array<ArgDeclaration>(req.argCount);
  for (let k = 0; k < args.length; k++) {
    const word = req.arg(k);
    const eq = word.indexOf('=');
    args[k] = eq < 0 ? { name: word } : { name: word.slice(0, eq), defaultValue: word.slice(eq + 1) };
  }
  return { node: req.node, location: req.location, kind: 'ARG', args };
}
