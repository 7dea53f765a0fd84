import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Browser tests serve the built widget: build it once if `npm run build` has not. */
export default function setup() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!existsSync(`${root}/dist/loader/widget.js`) || !existsSync(`${root}/dist/frame/frame.html`))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
