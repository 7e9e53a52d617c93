// The typed model of a Dockerfile, from raw syntax (AstNode) to typed instructions (Instruction),
// stages (Stage) and the build plan (BuildPlan) the build engine consumes. This file is a
// contract with src/build/: change it additively only.

export type * from './model/syntax.js';
export type * from './model/instructions.js';
export type * from './model/plan.js';
