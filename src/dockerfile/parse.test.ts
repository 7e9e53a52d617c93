import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBerthError } from '../core/index.js';
import { parseDockerfile, parseOnbuildTriggers } from './parse.js';
import type { Instruction } from './types.js';

function only<K extends Instruction['kind']>(text: string, kind: K): Extract<Instruction, { kind: K }> {
  const i = parseDockerfile(`FROM a\n${text}`).stages[0].instructions[0];
  assert.equal(i.kind, kind);
  return i as Extract<Instruction, { kind: K }>;
}

function fails(text: string, message: RegExp, check: { line?: number; column?: number; hint?: RegExp } = {}): void {
  assert.throws(() => parseDockerfile(text, { filename: 'df' }), (e: unknown) => {
    assert.ok(isBerthError(e, 'DOCKERFILE_PARSE'), String(e));
    assert.match(e.message, message);
    assert.match(e.message, /^df:\d+:\d+: /);
    if (check.line !== undefined) assert.equal(e.location?.line, check.line);
    if (check.column !== undefined) assert.equal(e.location?.column, check.column);
    if (check.hint) assert.match(e.hint ?? '', check.hint);
    assert.equal(e.location?.lineText, text.split('\n')[(e.location?.line ?? 1) - 1]);
    return true;
  });
}

test('instructions are case-insensitive and typed with their flags', () => {
  const df = parseDockerfile('arg V=1\nfrom --platform=$BUILDPLATFORM img:${V} As Build\nrun --network=none --security=insecure echo hi\ncopy --from=0 --chown=1:2 --chmod=644 --link --parents --exclude=*.md --exclude=x a b /d/\nadd --checksum=sha256:abc --keep-git-dir=false --unpack https://x/y.tar /z\n');
  assert.equal(df.metaArgs[0].args[0].defaultValue, '1');
  const stage = df.stages[0];
  assert.deepEqual([stage.name, stage.from.image, stage.from.platform], ['build', 'img:${V}', '$BUILDPLATFORM']);
  const [run, copy, add] = stage.instructions;
  assert.deepEqual(run.kind === 'RUN' && [run.network, run.security, run.command], ['none', 'insecure', { form: 'shell', command: 'echo hi' }]);
  assert.deepEqual(copy.kind === 'COPY' && [copy.from, copy.chown, copy.chmod, copy.link, copy.parents, copy.exclude, copy.sources, copy.dest], ['0', '1:2', '644', true, true, ['*.md', 'x'], [{ kind: 'path', path: 'a' }, { kind: 'path', path: 'b' }], '/d/']);
  assert.deepEqual(add.kind === 'ADD' && [add.checksum, add.keepGitDir, add.unpack], ['sha256:abc', false, true]);
});

test('RUN --mount of every type', () => {
  const run = only('RUN --mount=type=cache,target=/c,id=x,sharing=locked,mode=0700,uid=1 --mount=type=secret,id=s,env=TOKEN,required --mount=type=tmpfs,target=/t,size=64m --mount=type=ssh --mount=type=bind,from=b,source=/s,target=/d,rw make', 'RUN');
  assert.deepEqual(run.mounts.map((m) => [m.type, m.readonly]), [['cache', false], ['secret', true], ['tmpfs', false], ['ssh', true], ['bind', false]]);
  assert.deepEqual([run.mounts[0].mode, run.mounts[0].sharing, run.mounts[1].env, run.mounts[1].required, run.mounts[2].size], [0o700, 'locked', 'TOKEN', true, 64 * 1024 * 1024]);
  fails('FROM a\nRUN --mount=type=cach,target=/x y', /unsupported mount type "cach" \(did you mean cache\?\)/, { line: 2, column: 5 });
  fails('FROM a\nRUN --mount=type=secret,from=x,id=y z', /secret mount should not have a from/);
  fails('FROM a\nRUN --mount=from=$X,target=/x y', /'from' doesn't support variable expansion/);
  assert.equal(only('RUN --mount=type=cache,target=$DIR,mode=$M x', 'RUN').mounts.length, 1, 'values with variables are checked after expansion');
});

test('CMD/ENTRYPOINT/SHELL/HEALTHCHECK', () => {
  assert.deepEqual(only('CMD ["a", "b"]', 'CMD').command, { form: 'exec', args: ['a', 'b'] });
  assert.deepEqual(only("ENTRYPOINT ['a']", 'ENTRYPOINT').command, { form: 'shell', command: "['a']" });
  assert.deepEqual(only('SHELL ["pwsh", "-c"]', 'SHELL').shell, ['pwsh', '-c']);
  fails('FROM a\nSHELL pwsh -c', /SHELL requires the arguments to be in JSON form/, { hint: /SHELL \["pwsh","-c"\]/ });
  const h = only('HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=2s --start-interval=1s --retries=3 CMD curl -f x', 'HEALTHCHECK').health;
  assert.deepEqual(h, { test: ['CMD-SHELL', 'curl -f x'], intervalNs: 90e9, timeoutNs: 500e6, startPeriodNs: 2e9, startIntervalNs: 1e9, retries: 3 });
  assert.deepEqual(only('HEALTHCHECK NONE', 'HEALTHCHECK').health, { test: ['NONE'] });
  fails('FROM a\nHEALTHCHECK --interval=10us CMD x', /cannot be less than 1ms/);
  fails('FROM a\nHEALTHCHECK --retries=-1 CMD x', /--retries cannot be negative/);
  fails('FROM a\nHEALTHCHECK CONNECT x', /Unknown type "CONNECT" in HEALTHCHECK/);
});

test('ENV/LABEL/ARG/EXPOSE/VOLUME/USER/WORKDIR/STOPSIGNAL/MAINTAINER', () => {
  assert.deepEqual(only('ENV a=1 b="x y"', 'ENV').pairs, [{ key: 'a', value: '1', legacy: false }, { key: 'b', value: '"x y"', legacy: false }]);
  assert.deepEqual(only('LABEL k v w', 'LABEL').pairs, [{ key: 'k', value: 'v w', legacy: true }]);
  assert.deepEqual(only('ARG a b=2 c=', 'ARG').args, [{ name: 'a' }, { name: 'b', defaultValue: '2' }, { name: 'c', defaultValue: '' }]);
  assert.deepEqual(only('EXPOSE 80 443/tcp', 'EXPOSE').ports, ['80', '443/tcp']);
  assert.deepEqual(only('VOLUME ["/a", "/b"]', 'VOLUME').paths, ['/a', '/b']);
  assert.equal(only('USER app:app', 'USER').user, 'app:app');
  assert.equal(only('WORKDIR /srv/app', 'WORKDIR').path, '/srv/app');
  assert.equal(only('STOPSIGNAL SIGTERM', 'STOPSIGNAL').signal, 'SIGTERM');
  assert.equal(only('MAINTAINER me <me@x>', 'MAINTAINER').maintainer, 'me <me@x>');
  fails('FROM a\nENV', /ENV requires at least one argument/);
  fails('FROM a\nENV PATH', /ENV must have two arguments/, { hint: /PATH=<value>/ });
  fails('FROM a\nWORKDIR', /WORKDIR requires exactly one argument/);
});

test('COPY/ADD heredoc sources, destinations and argument counts', () => {
  const copy = only('COPY <<one <<-two /dest/\nfirst\none\n\tsecond\n\ttwo', 'COPY');
  assert.deepEqual(copy.sources.map((s) => (s.kind === 'heredoc' ? [s.heredoc.name, s.heredoc.content] : s.path)), [['one', 'first\n'], ['two', 'second\n']]);
  fails('FROM a\nCOPY onlyone', /COPY requires at least two arguments/);
  fails('FROM a\nCOPY a <<EOF\nx\nEOF', /cannot accept a heredoc as a destination/);
});

test('flag errors like BuildKit: unknown (with suggestion), duplicate, missing value, bad boolean', () => {
  fails('FROM a\nCOPY --form=b x y', /unknown flag: --form \(did you mean --from\?\)/, { line: 2, column: 6 });
  fails('FROM a\nCOPY --from=a --from=b x y', /duplicate flag specified: --from/);
  fails('FROM a\nCOPY --from x y', /missing a value on flag: --from/);
  fails('FROM a\nCOPY --link=maybe x y', /expecting boolean value for flag link, not: maybe/);
  fails('FROM a\nCMD --x ls', /unknown flag: --x/);
  fails('FROM --plaform=x a', /unknown flag: --plaform \(did you mean --platform\?\)/);
});

test('errors name file:line:column, show the line, and suggest the fix', () => {
  fails('FROM a\n  RUNN make', /unknown instruction: RUNN \(did you mean RUN\?\)/, { line: 2, column: 3, hint: /replace RUNN with RUN/ });
  fails('FROM a\nLABEL version', /LABEL must have two arguments/, { hint: /version=<value>/ });
  fails('FROM a\nLABEL a=b version', /can't find = in "version"/, { hint: /version=<value>/ });
  fails('FROM a\nRUN <<EOF\nnever ends', /unterminated heredoc/, { hint: /line containing only EOF/ });
  fails('FROM a AS b c', /FROM requires either one or three arguments/, { hint: /AS <name>/ });
  fails('FROM a AS B!', /invalid name for build stage: "B!"/);
  fails('EXPOSE 80\nFROM a', /no build stage in current context/);
});

test('ONBUILD: stored expression, typed trigger, refused triggers', () => {
  const ob = only('ONBUILD COPY <<EOF /x\nhi\nEOF', 'ONBUILD');
  assert.equal(ob.expression, 'COPY <<EOF /x\nhi\nEOF');
  assert.equal(ob.trigger.kind, 'COPY');
  fails('FROM a\nONBUILD ONBUILD RUN x', /Chaining ONBUILD/);
  fails('FROM a\nONBUILD FROM b', /FROM isn't allowed as an ONBUILD trigger/);
  fails('FROM a\nonbuild maintainer me', /MAINTAINER isn't allowed as an ONBUILD trigger/);
  const triggers = parseOnbuildTriggers([ob.expression, 'RUN echo built'], { image: 'base:1' });
  assert.deepEqual(triggers.map((t) => t.kind), ['COPY', 'RUN']);
  assert.throws(() => parseOnbuildTriggers(['FROM x']), /FROM isn't allowed as an ONBUILD trigger/);
});
