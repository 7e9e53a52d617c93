// `berth analyze -i` in a real terminal (tmux): keyboard navigation between layers, the change
// tree of the selected layer, filters by kind of change, collapsing a directory, quitting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BERTH_BIN, type BerthStore } from '../helpers/busybox.js';
import { requireRoot, requireTools } from '../helpers/tools.js';
import { storeWithBusybox } from './build-helpers.js';

const TMUX = '/usr/bin/tmux';
const SESSION = `berth-analyze-${process.pid}`;
let store: BerthStore;
let dir: string;

before(async () => {
  if (process.getuid?.() !== 0) return;
  store = await storeWithBusybox();
  dir = await mkdtemp(join(tmpdir(), 'berth-analyze-browse-'));
  await writeFile(join(dir, 'Dockerfile'), 'FROM busybox:local\nRUN head -c 70000 /dev/zero > /big.bin\nRUN rm /big.bin\nCOPY . /app\n');
  await writeFile(join(dir, 'notes.txt'), 'notes\n');
  await store.berthOk(['build', '-q', '-t', 'browse', dir]);
});
after(async () => {
  try {
    execFileSync(TMUX, ['kill-session', '-t', SESSION], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  await store?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const screen = () => execFileSync(TMUX, ['capture-pane', '-p', '-t', SESSION]).toString();
const keys = (...names: string[]) => execFileSync(TMUX, ['send-keys', '-t', SESSION, ...names]);

/** Waits until the screen satisfies `check` (the browser redraws after each key); fails with the screen after many tries. */
async function until(check: (text: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const text = screen();
    if (check(text)) return text;
    await sleep(50);
  }
  assert.fail(`screen never showed ${what}:\n${screen()}`);
}

test('-i: move between layers, filter by kind, collapse a directory, quit', async (t) => {
  if (!(requireRoot(t) && requireTools(t, '/usr/sbin/runc', TMUX))) return;
  const command = `${process.execPath} ${BERTH_BIN} --root ${store.root} analyze -i browse; echo EXITED-$?; sleep 30`;
  execFileSync(TMUX, ['new-session', '-d', '-s', SESSION, '-x', '140', '-y', '30', command]);
  await until((s) => s.includes('efficiency') && s.includes('bin/'), 'the first layer');
  keys('Down');
  await until((s) => /\+ big\.bin {2}70kB/.test(s), 'layer 1 adding big.bin');
  keys('Down');
  await until((s) => /- big\.bin {2}70kB/.test(s), 'layer 2 removing big.bin');
  keys('Down', 'Tab');
  await until((s) => /notes\.txt/.test(s) && /⊖ \+ app\//.test(s), 'layer 3 with app/ expanded');
  keys('Space');
  await until((s) => /⊕ \+ app\//.test(s) && !/notes\.txt/.test(s), 'app/ collapsed');
  keys('Space');
  await until((s) => /notes\.txt/.test(s), 'app/ expanded again');
  keys('a');
  await until((s) => !/notes\.txt/.test(s) && !/app\//.test(s), 'added files filtered out');
  keys('a');
  await until((s) => /notes\.txt/.test(s), 'added files shown again');
  keys('q');
  await until((s) => s.includes('EXITED-0'), 'the browser to quit with status 0');
});

test('the text report is coloured on a terminal', async (t) => {
  if (!(requireRoot(t) && requireTools(t, '/usr/sbin/runc', TMUX))) return;
  const session = `${SESSION}-colour`;
  execFileSync(TMUX, ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', `${process.execPath} ${BERTH_BIN} --root ${store.root} analyze --depth 1 browse; echo EXITED-$?; sleep 30`]);
  try {
    let text = '';
    for (let i = 0; i < 600 && !text.includes('EXITED-0'); i++) {
      await sleep(50);
      text = execFileSync(TMUX, ['capture-pane', '-p', '-e', '-t', session]).toString();
    }
    assert.match(text, /EXITED-0/);
    assert.match(text, /\x1b\[1mFindings/);
    assert.match(text, /\x1b\[32m\+ app\//);
    assert.match(text, /\x1b\[31m- big\.bin/);
  } finally {
    execFileSync(TMUX, ['kill-session', '-t', session]);
  }
});
