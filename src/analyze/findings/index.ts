// All finding rules, run over one analysis; the result is ordered by bytes, biggest first.

import type { Finding } from '../types.js';
import type { FindingContext } from './context.js';
import { copyWholeContext, mergeRuns } from './instructions.js';
import { compilersInFinal, leftovers } from './leftovers.js';
import { duplicateContent, overwritten, removedLater } from './waste.js';

export type { FindingContext } from './context.js';

const RULES: Array<(context: FindingContext) => Finding[]> = [removedLater, overwritten, duplicateContent, leftovers, compilersInFinal, copyWholeContext, mergeRuns];

/** Every finding of every rule, biggest first (ties in layer order). */
export function collectFindings(context: FindingContext): Finding[] {
  const findings = RULES.flatMap((rule) => rule(context)).sort((a, b) => b.bytes - a.bytes || a.layer - b.layer);
  for (const finding of findings) {
    const line = context.layers[finding.layer].dockerfileLine;
    if (line !== undefined && context.dockerfile !== undefined) finding.location = `${context.dockerfile}:${line}`;
  }
  return findings;
}
