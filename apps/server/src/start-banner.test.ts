import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBanner } from './start-banner.js';

const env = {
  PUBLIC_URL: 'http://localhost:3000',
  DATA_DIR: '.data',
  isEmbedded: true,
  DEMO_ADMIN_PASSWORD: undefined,
};
const created = { email: 'admin@demo.oceras.local', password: 'generated-pw', widgetKey: 'wk_1' };

describe('start banner', () => {
  it('first start: the address, the docs, the data folder and the demo sign-in with its password', () => {
    const text = startBanner(env, { created, exists: true });
    expect(text).toContain('Oceras is running at http://localhost:3000');
    expect(text).toContain('API docs:   http://localhost:3000/api/docs');
    expect(text).toContain(path.resolve('.data'));
    expect(text).toContain('sign in as admin@demo.oceras.local / generated-pw');
    expect(text).toContain('Widget key: wk_1');
  });

  it('later starts: the address again and how to reset the demo password, never a password', () => {
    const text = startBanner(env, { created: null, exists: true });
    expect(text).toContain('Oceras is running at http://localhost:3000');
    expect(text).toContain(
      'Demo organization: admin@demo.oceras.local (password printed on first start; ' +
        'reset with npm run reset-password -- admin@demo.oceras.local)',
    );
    expect(text).not.toContain('generated-pw');
  });

  it('does not echo DEMO_ADMIN_PASSWORD, and says nothing of a demo that does not exist', () => {
    expect(startBanner({ ...env, DEMO_ADMIN_PASSWORD: 'from-the-env' }, { created, exists: true })).toContain(
      'admin@demo.oceras.local / <DEMO_ADMIN_PASSWORD>',
    );
    const postgres = startBanner({ ...env, isEmbedded: false }, { created: null, exists: false });
    expect(postgres).toContain('PostgreSQL at DATABASE_URL');
    expect(postgres).not.toContain('Demo organization');
  });
});
