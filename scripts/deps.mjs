// `npm run deps [workspace…] [--json]`: the production dependencies of each workspace, with versions and licenses,
// read from package-lock.json (what `npm ci` installs), so an operator can audit them where a registry answers
// `npm audit` (the one reachable here does not). Dev dependencies are left out: they never run in production.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const packages = lock.packages;
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const wanted = args.filter((a) => !a.startsWith('--'));
// Licenses an operator rarely needs to look at twice; anything else is marked for review.
const USUAL = new Set([
  'MIT',
  'ISC',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'BlueOak-1.0.0',
  'Unlicense',
  'CC0-1.0',
  'Python-2.0',
  'CC-BY-4.0',
  '(MIT OR CC0-1.0)',
  'MIT-0',
]);

/** Where node resolves `name` from the package at `from`: its own node_modules, then each parent's. */
function resolve(name, from) {
  for (let dir = from; ; dir = path.posix.dirname(dir)) {
    const key = `${dir === '.' || dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (packages[key]) return packages[key].link ? packages[key].resolved : key;
    if (dir === '.' || dir === '') return null;
  }
}

function closure(workspace) {
  const seen = new Map();
  const visit = (loc) => {
    const pkg = packages[loc];
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) {
      const at = resolve(name, loc);
      if (!at || seen.has(at)) continue;
      seen.set(at, packages[at]);
      visit(at);
    }
  };
  visit(workspace);
  return [...seen]
    .filter(([loc]) => loc.includes('node_modules/'))
    .map(([loc, p]) => ({
      name: loc.slice(loc.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: p.version,
      license: p.license ?? 'UNKNOWN',
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

const workspaces = Object.keys(packages).filter((k) => /^(apps|packages)\/[^/]+$/.test(k));
const chosen = wanted.length ? workspaces.filter((w) => wanted.some((n) => w.endsWith(`/${n}`))) : workspaces;
const report = Object.fromEntries(chosen.map((w) => [packages[w].name ?? w, closure(w)]));
if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const [name, deps] of Object.entries(report)) {
    const review = deps.filter((d) => !USUAL.has(d.license));
    console.log(`\n${name}: ${deps.length} production packages${review.length ? `, ${review.length} to review` : ''}`);
    for (const d of deps) console.log(`  ${USUAL.has(d.license) ? ' ' : '!'} ${d.name}@${d.version}  ${d.license}`);
  }
}
