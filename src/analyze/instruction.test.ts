import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCreatedBy, layerInstructions } from './instruction.js';

test('cleanCreatedBy turns BuildKit and classic history into Dockerfile lines', () => {
  assert.equal(cleanCreatedBy('RUN /bin/sh -c apt-get update # buildkit'), 'RUN apt-get update');
  assert.equal(cleanCreatedBy('RUN |2 A=1 B=two /bin/sh -c make # buildkit'), 'RUN make');
  assert.equal(cleanCreatedBy('/bin/sh -c #(nop) COPY file:abc in /app '), 'COPY file:abc in /app');
  assert.equal(cleanCreatedBy('/bin/sh -c make install'), 'RUN make install');
  assert.equal(cleanCreatedBy('COPY . /app # buildkit'), 'COPY . /app');
});

test('layerInstructions pairs layers with the history entries that made layers', () => {
  const history = [{ comment: 'Imported from -' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'RUN /bin/sh -c true # buildkit' }];
  assert.deepEqual(layerInstructions(history, 3), [
    { instruction: '# Imported from -', command: '' },
    { instruction: 'RUN true', command: 'RUN' },
    { instruction: '', command: '' },
  ]);
});
