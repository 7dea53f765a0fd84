import path from 'node:path';
import type { Env } from './env.js';
import { DEMO_ADMIN_EMAIL } from './seed-demo.js';

/**
 * What `npm start` prints on the console after every start, last, once the server listens: where it is, where
 * its data is and how to sign in. The demo password is printed only when it was just generated; later starts say
 * how to reset it.
 */
export function startBanner(
  env: Pick<Env, 'PUBLIC_URL' | 'DATA_DIR' | 'isEmbedded' | 'DEMO_ADMIN_PASSWORD'>,
  demo: { created: { email: string; password: string; widgetKey: string } | null; exists: boolean },
) {
  const lines = [`Oceras is running at ${env.PUBLIC_URL}`, `API docs:   ${env.PUBLIC_URL}/api/docs`];
  lines.push(
    env.isEmbedded
      ? `Data:       ${path.resolve(env.DATA_DIR)} (embedded PostgreSQL; to start over: stop, delete it, start)`
      : 'Data:       PostgreSQL at DATABASE_URL',
  );
  if (demo.created) {
    const password = env.DEMO_ADMIN_PASSWORD ? '<DEMO_ADMIN_PASSWORD>' : demo.created.password;
    lines.push(`Demo organization: sign in as ${demo.created.email} / ${password}`);
    lines.push(`Widget key: ${demo.created.widgetKey}`);
  } else if (demo.exists) {
    lines.push(
      `Demo organization: ${DEMO_ADMIN_EMAIL} (password printed on first start; ` +
        `reset with npm run reset-password -- ${DEMO_ADMIN_EMAIL})`,
    );
  }
  return `\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
