// The human report: summary, layers, findings with their fixes, dive's top wasted files, and each
// layer's changes as a tree. Coloured on a terminal, plain otherwise.

import { humanSize } from '../../cli/format/index.js';
import type { CiRuleResult } from '../ci.js';
import type { Analysis } from '../types.js';
import { buildChangeTree } from './change-tree.js';
import { makeStyle } from './style.js';
import { treeLines, type TreeLimits } from './tree-text.js';

/** Options of renderText. */
export interface TextOptions {
  colour: boolean;
  /** Tree limits (default depth 3, 10 children); depth 0 prints no trees. */
  tree?: Partial<TreeLimits>;
}

/** Percent with two decimals (`97.25 %`). */
export function percent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(2)} %` : 'n/a';
}

/** The full report. */
export function renderText(analysis: Analysis, options: TextOptions): string {
  const style = makeStyle(options.colour);
  const limits: TreeLimits = { depth: options.tree?.depth ?? 3, children: options.tree?.children ?? 10 };
  const { dive } = analysis;
  const out: string[] = [];
  out.push(`${style.bold('Image:')} ${analysis.image} (${analysis.id.slice(0, 19)})`);
  out.push(`${style.bold('Total size:')} ${humanSize(analysis.totalSize)} in ${analysis.layers.length} layer${analysis.layers.length === 1 ? '' : 's'}, ${humanSize(analysis.visibleSize)} visible in the final filesystem, ${humanSize(analysis.hiddenBytes)} hidden by later layers`);
  out.push(`${style.bold('Efficiency:')} ${percent(dive.efficiency)}   ${style.bold('Wasted:')} ${humanSize(dive.wastedBytes)}   ${style.bold('User wasted:')} ${percent(dive.wastedUserPercent)}   ${style.dim("(computed as dive does)")}`);
  out.push('', style.bold('Layers'));
  out.push(style.dim('  #   SIZE       ADDED  MODIFIED  REMOVED  REWRITTEN  INSTRUCTION'));
  for (const layer of analysis.layers) {
    const { added, modified, removed, unchanged } = layer.stats;
    const cells = [String(layer.index).padStart(3), humanSize(layer.size).padEnd(9), String(added.count).padStart(6), String(modified.count).padStart(9), String(removed.count).padStart(8), String(unchanged.count).padStart(10)];
    out.push(`${cells.join('  ')}  ${layer.instruction || style.dim('(history missing)')}`);
  }
  out.push('', style.bold(`Findings (${analysis.findings.length})`));
  if (analysis.findings.length === 0) out.push('  none');
  analysis.findings.forEach((finding, i) => {
    out.push(`${String(i + 1).padStart(3)}. ${style.yellow(`[${finding.kind}]`)} ${style.bold(humanSize(finding.bytes))}  ${finding.message}`);
    if (finding.location !== undefined) out.push(`     ${style.dim('at:')} ${finding.location}`);
    if (finding.paths.length > 0) out.push(`     ${style.dim('paths:')} ${finding.paths.join(', ')}`);
    out.push(`     ${style.cyan('fix:')} ${finding.fix}`);
  });
  const wastedFiles = dive.inefficiencies.filter((file) => file.wastedBytes > 0);
  out.push('', style.bold('Wasted files (dive; paths of 0 bytes left out)'));
  out.push(style.dim('  COUNT  WASTED     PATH'));
  if (wastedFiles.length === 0) out.push('  none');
  for (const file of wastedFiles.slice(0, 20)) out.push(`  ${String(file.count).padStart(5)}  ${humanSize(file.wastedBytes).padEnd(9)}  ${file.path}`);
  if (wastedFiles.length > 20) out.push(style.dim(`  … ${wastedFiles.length - 20} more`));
  if (limits.depth > 0) {
    out.push('', style.bold('Layer changes'));
    for (const layer of analysis.layers) {
      out.push(`  ${style.bold(`layer ${layer.index}`)}  ${humanSize(layer.size)}  ${layer.instruction}`);
      out.push(...treeLines(buildChangeTree(layer.changes), style, limits, '    '));
    }
  }
  return `${out.join('\n')}\n`;
}

/** dive's CI report lines (for stderr), and the verdict line. */
export function renderCi(results: CiRuleResult[], colour: boolean): string {
  const style = makeStyle(colour);
  const label = { pass: 'PASS', fail: style.red('FAIL'), skip: '(skip)' };
  const lines = [...results].sort((a, b) => (a.rule < b.rule ? -1 : 1)).map((r) => `  ${label[r.status]}: ${r.rule}${r.message && r.status !== 'skip' ? `: ${r.message}` : ''}`);
  const failed = results.filter((r) => r.status === 'fail').length;
  const passed = results.filter((r) => r.status === 'pass').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  lines.push(`Result:${failed > 0 ? 'FAIL' : 'PASS'} [Total:${results.length}] [Passed:${passed}] [Failed:${failed}] [Warn:0] [Skipped:${skipped}]`);
  return `${lines.join('\n')}\n`;
}
