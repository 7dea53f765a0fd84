/**
 * §6 "Server logs are rotated after 30 days", proved on the files the server writes itself (LOG_DIR), with a
 * controlled clock, and on a real server process. stdout stays for journald or logrotate (docs/DEPLOY.md).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from '../../src/env.js';
import { dailyLogFiles, logFileName } from '../../src/lib/log-files.js';
import { createTestDatabase } from '../helpers.js';
import { startServerProcess } from '../processes.js';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY);
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'oceras-logs-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('§6 Server logs are rotated after 30 days', () => {
  it('§6 Server logs are rotated after 30 days — one file per day, each deleted on the day it turns 30 days old (controlled clock)', async () => {
    const dir = tempDir();
    let now = Date.UTC(2030, 0, 1, 12);
    const files = dailyLogFiles({ dir, retentionDays: 30, now: () => now });
    files.write('{"msg":"first day"}\n');
    for (let d = 1; d < 30; d++) {
      now += DAY;
      files.write(`{"msg":"day ${d}"}\n`);
    }
    // Day 29 after the first: thirty files, the first one 29 and a half days old, still kept.
    await expect.poll(() => readdirSync(dir).length).toBe(30);
    expect(readdirSync(dir)).toContain('oceras-2030-01-01.log');
    await expect.poll(() => readFileSync(join(dir, 'oceras-2030-01-01.log'), 'utf8')).toContain('first day');
    // The next midnight, with no line written: the hourly check rotates and deletes the file of 30 days ago.
    now = Date.UTC(2030, 0, 31, 0, 30);
    expect(files.check()).toEqual(['oceras-2030-01-01.log']);
    expect(existsSync(join(dir, 'oceras-2030-01-01.log'))).toBe(false);
    // The new day's file is opened by its write stream, which creates it a moment later.
    await expect.poll(() => readdirSync(dir)).toHaveLength(30);
    expect(files.path()).toBe(join(dir, 'oceras-2030-01-31.log'));
    await files.close();
  });

  it('§6 Server logs are rotated after 30 days — a server process started with LOG_DIR writes its request log there and deletes the files 30 days old', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, logFileName(today - 30)), '{"msg":"thirty days old"}\n');
    writeFileSync(join(dir, logFileName(today - 45)), '{"msg":"older"}\n');
    writeFileSync(join(dir, logFileName(today - 29)), '{"msg":"twenty-nine days old"}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a log file of ours');
    const db = await createTestDatabase();
    const server = await startServerProcess({ DATABASE_URL: db.url, LOG_DIR: dir, LOG_LEVEL: 'info' });
    try {
      expect(readdirSync(dir).sort()).toEqual([logFileName(today - 29), logFileName(today), 'notes.txt'].sort());
      await fetch(`${server.baseUrl}/api/v1/widget/config?key=wk_not_a_real_key_000`);
      await expect
        .poll(() => readFileSync(join(dir, logFileName(today)), 'utf8'), { timeout: 15_000 })
        .toContain('"path":"/api/v1/widget/config"');
      // Lines are the same as on stdout: no query string.
      expect(readFileSync(join(dir, logFileName(today)), 'utf8')).not.toContain('wk_not_a_real_key');
    } finally {
      await server.stop();
      await db.drop();
    }
  }, 60_000);

  it('§6 Server logs are rotated after 30 days — a retention above 30 days is refused unless the operator says their policy allows it', () => {
    const base = { DATA_DIR: tempDir(), LOG_DIR: '/var/log/oceras' };
    expect(loadEnv(base).LOG_RETENTION_DAYS).toBe(30);
    expect(() => loadEnv({ ...base, LOG_RETENTION_DAYS: '31' })).toThrow(EnvError);
    expect(() => loadEnv({ ...base, LOG_RETENTION_DAYS: '31' })).toThrow(/LOG_RETENTION_DAYS_OVER_POLICY/);
    expect(
      loadEnv({ ...base, LOG_RETENTION_DAYS: '90', LOG_RETENTION_DAYS_OVER_POLICY: 'true' }).LOG_RETENTION_DAYS,
    ).toBe(90);
    expect(loadEnv({ ...base, LOG_RETENTION_DAYS: '7' }).LOG_RETENTION_DAYS).toBe(7);
  });
});
