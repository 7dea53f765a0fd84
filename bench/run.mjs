// `npm run bench [name…]`: runs each bench/<name>.bench.ts in its own process, one after another, then prints
// a summary of bench/results/*.json. Benchmarks compare with a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''))
  .sort();
// The 1M-conversation inbox benchmark seeds for minutes, and the soak runs for ten: only when asked for by name.
const slow = new Set(['inbox', 'soak', 'reports']);
const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : all.filter((n) => !slow.has(n));
for (const n of names) if (!all.includes(n)) throw new Error(`no benchmark named ${n} (have: ${all.join(', ')})`);

// Benchmarks run the built server, as production does.
const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const failed = [];
for (const n of names) {
  console.log(`\n### ${n}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${n}.bench.ts`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed.push(n);
}
console.log('\n### summary');
for (const n of names) {
  const file = `${dir}results/${n}.json`;
  if (!existsSync(file)) {
    console.log(`${n}: no result`);
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const goals = r.goals.map((g) => `${g.pass ? '✓' : '✗'} ${g.what} ${g.value}${g.unit ?? ''}`).join('; ');
  console.log(`${n}: ${r.pass ? 'PASS' : 'FAIL'} — ${goals}`);
}
if (failed.length) {
  console.log(`crashed: ${failed.join(', ')}`);
  process.exit(1);
}
