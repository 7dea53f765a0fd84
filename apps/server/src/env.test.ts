import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.js';

const problems = (source: Record<string, string>) => {
  try {
    loadEnv(source);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).problems;
  }
};

describe('configuration', () => {
  it('lists every wrong value at once, one clear line each', () => {
    const list = problems({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      SMTP_URL: 'http://mail',
      LOG_LEVEL: 'loud',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oc-')),
    });
    expect(list).toHaveLength(4);
    expect(list.join('\n')).toMatch(/PORT/);
    expect(list.join('\n')).toMatch(/DATABASE_URL: must be a postgres/);
    expect(list.join('\n')).toMatch(/SMTP_URL/);
    expect(list.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('refuses to start in production without a secret, and never accepts a short one', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: required in production/),
    ]);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual([expect.stringMatching(/JWT_SECRET/)]);
  });

  it('generates a development secret once and keeps it in the data folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oc-'));
    const a = loadEnv({ DATA_DIR: dir });
    const b = loadEnv({ DATA_DIR: dir });
    expect(a.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(b.JWT_SECRET).toBe(a.JWT_SECRET);
    expect(loadEnv({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'oc-')) }).JWT_SECRET).not.toBe(a.JWT_SECRET);
  });
});
