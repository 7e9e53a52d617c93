// `npm run --silent conformance:dockerfile -- <corpus-dir>`: runs the corpus, prints each failure,
// then `N passed, M failed` as the last line; exits 1 when a case fails, 2 on bad usage.
import { runCorpus } from './runner.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: conformance:dockerfile <corpus-dir>   (a directory holding parser/ and shell/)');
  process.exit(2);
}
let results;
try {
  results = runCorpus(dir);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const failed = results.filter((r) => !r.ok);
for (const f of failed) console.log(`FAIL ${f.name}: ${f.detail ?? ''}`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length > 0 || results.length === 0 ? 1 : 0;
