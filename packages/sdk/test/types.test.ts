import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const examples = `${root}examples/`;
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
const typecheck = () =>
  run(process.execPath, [tsc, '-p', `${examples}tsconfig.json`, '--listFiles'], { cwd: examples }).then(
    (r) => ({ ok: true, out: r.stdout }),
    (e: { stdout: string }) => ({ ok: false, out: e.stdout }),
  );

beforeAll(async () => {
  if (!existsSync(`${root}dist/index.d.ts`)) await run('npm', ['run', 'build'], { cwd: root });
}, 120_000);

describe("the SDK's types, as an integrator's project sees them", () => {
  it('type-check the README example with nothing but dist/index.d.ts (no zod, no @oceras/protocol)', async () => {
    const { ok, out } = await typecheck();
    expect(out).toContain('sdk/dist/index.d.ts');
    expect(out).not.toMatch(/zod|protocol\/src/);
    expect(ok, out).toBe(true);
  }, 60_000);

  it('refuse a wrong call: an unknown route, a missing path parameter, a status that does not exist', async () => {
    const wrong = `${examples}__wrong.ts`;
    writeFileSync(
      wrong,
      `import { createOcerasClient } from '@oceras/sdk';
const oceras = createOcerasClient({ baseUrl: 'http://x', token: 't' });
await oceras.call('noSuchRoute', {});
await oceras.call('updateConversation', { body: { status: 'resolved' } });
await oceras.call('updateConversation', { params: { id: 'c' }, body: { status: 'closed' } });
const page = await oceras.call('listConversations', {});
const n: number = page.conversations[0]!.lastActivityAt;
`,
    );
    try {
      const { ok, out } = await typecheck();
      expect(ok).toBe(false);
      const errors = out.split('\n').filter((l) => l.startsWith('__wrong.ts('));
      // One error on each wrong line (3, 4, 5 and 7), none on the right ones.
      expect(errors.map((l) => Number(/^__wrong\.ts\((\d+),/.exec(l)![1]))).toEqual([3, 4, 5, 7]);
    } finally {
      rmSync(wrong, { force: true });
    }
  }, 60_000);
});
