// The interactive browser on a terminal: alternate screen, raw keys, a layer list on the left and
// the selected layer's change tree on the right. Keys: ↑/↓ (j/k) move, Tab switches pane,
// Space/Enter (←/→) collapse or expand a directory, c/e collapse or expand all, a/m/r/u toggle
// added/modified/removed/unchanged, q quits.

import { humanSize } from '../../cli/format/index.js';
import { BerthError } from '../../core/index.js';
import { makeStyle, KIND_MARK } from '../render/style.js';
import type { Analysis } from '../types.js';
import { handleKey, initialState, treeRows, type BrowseState } from './state.js';

const KEYS: Record<string, string> = {
  '\x1b[A': 'up', '\x1b[B': 'down', '\x1b[C': 'right', '\x1b[D': 'left', '\x1b[5~': 'pageup', '\x1b[6~': 'pagedown',
  '\t': 'tab', ' ': 'space', '\r': 'enter', '\x03': 'ctrl-c', '\x1b': 'escape',
};

/** Runs the browser until the user quits; needs a terminal on stdin and stdout. */
export async function browse(analysis: Analysis, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Promise<void> {
  if (!input.isTTY || !output.isTTY) throw new BerthError('INVALID_FLAG', '-i needs a terminal', { hint: 'run it in a terminal, or use --format json for tools' });
  let state = initialState();
  output.write('\x1b[?1049h\x1b[?25l');
  input.setRawMode(true);
  input.resume();
  const draw = () => output.write(frame(analysis, state, output.columns || 100, output.rows || 30));
  draw();
  output.on('resize', draw);
  try {
    await new Promise<void>((resolve) => {
      input.on('data', (data: Buffer) => {
        for (const key of splitKeys(data.toString('utf8'))) {
          const next = handleKey(analysis, state, key);
          if (next === 'quit') return resolve();
          state = next;
        }
        draw();
      });
    });
  } finally {
    output.off('resize', draw);
    input.setRawMode(false);
    input.pause();
    input.removeAllListeners('data');
    output.write('\x1b[?25h\x1b[?1049l');
  }
}

const SEQUENCES = Object.keys(KEYS).sort((a, b) => b.length - a.length);

/** The key names in one read from the terminal (several keys can arrive together). */
export function splitKeys(text: string): string[] {
  const keys: string[] = [];
  for (let at = 0; at < text.length; ) {
    const sequence = SEQUENCES.find((s) => text.startsWith(s, at));
    keys.push(sequence === undefined ? text[at] : KEYS[sequence]);
    at += sequence?.length ?? 1;
  }
  return keys;
}

/** One screen: header, layer pane, tree pane, key help. */
export function frame(analysis: Analysis, state: BrowseState, columns: number, rows: number): string {
  const style = makeStyle(true);
  const left = Math.min(48, Math.floor(columns * 0.4));
  const right = columns - left - 3;
  const height = rows - 3;
  const layerLines = analysis.layers.map((layer) => {
    const text = fit(`${String(layer.index).padStart(2)} ${humanSize(layer.size).padStart(7)}  ${layer.instruction}`, left);
    return layer.index === state.layer ? (state.pane === 'layers' ? `\x1b[7m${text}\x1b[0m` : style.bold(text)) : text;
  });
  const all = treeRows(analysis, state);
  const start = Math.max(0, Math.min(state.row - Math.floor(height / 2), all.length - height));
  const treeLines = all.slice(start, start + height).map((row, i) => {
    const mark = row.node.children.length > 0 ? (row.collapsed ? '⊕ ' : '⊖ ') : '  ';
    const text = fit(`${'  '.repeat(row.depth)}${mark}${KIND_MARK[row.kind]} ${row.node.name}${row.directory ? '/' : ''}  ${humanSize(row.node.size)}`, right);
    return start + i === state.row && state.pane === 'tree' ? `\x1b[7m${text}\x1b[0m` : style.kind(row.kind, text);
  });
  const filters = (['added', 'modified', 'removed', 'unchanged'] as const).map((k) => (state.kinds.has(k) ? `[${k[0]}]${k.slice(1)}` : style.dim(`[${k[0]}]${k.slice(1)}`))).join(' ');
  const lines = [style.bold(fit(`${analysis.image}  efficiency ${(analysis.dive.efficiency * 100).toFixed(2)} %  wasted ${humanSize(analysis.dive.wastedBytes)}`, columns))];
  for (let i = 0; i < height; i++) lines.push(`${pad(layerLines[i] ?? '', left)} │ ${treeLines[i] ?? ''}`);
  lines.push(fit(`↑↓ move  Tab pane  Space collapse  c/e all  ${filters}  q quit`, columns + 40));
  return `\x1b[H\x1b[2J${lines.join('\r\n')}`;
}

function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function pad(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/\x1b\[[0-9;]*m/g, '').length;
  return text + ' '.repeat(Math.max(0, width - visible));
}
