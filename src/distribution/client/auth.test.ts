import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicHeader, parseChallenge } from './auth.js';

test('parseChallenge reads Bearer and Basic challenges with quoted and bare values', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' },
  });
  assert.deepEqual(parseChallenge('Basic realm="Registry Realm"'), { scheme: 'basic', params: { realm: 'Registry Realm' } });
  assert.deepEqual(parseChallenge('bearer realm=http://x/token, error="insufficient_scope"'), { scheme: 'bearer', params: { realm: 'http://x/token', error: 'insufficient_scope' } });
  assert.deepEqual(parseChallenge('Bearer realm="a \\"quoted\\" realm"')?.params.realm, 'a "quoted" realm');
  assert.equal(parseChallenge('Negotiate abc'), undefined);
  assert.equal(parseChallenge(undefined), undefined);
});

test('basicHeader is base64 of user:password', () => {
  assert.equal(basicHeader({ username: 'alice', password: 'wonder:land' }), `Basic ${Buffer.from('alice:wonder:land').toString('base64')}`);
});
