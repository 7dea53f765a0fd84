/** What each of Expo's answers means for a push and its device (expo-outcome.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, pushOutcome, requestFailure, shouldRetry } from './expo-outcome.js';

describe('a refused request', () => {
  it('429, 5xx and network failures are retried until MAX_ATTEMPTS; other statuses fail at once', () => {
    const tooMany = requestFailure(Object.assign(new Error('rate'), { statusCode: 429 }));
    expect(tooMany).toEqual({ status: 429, transient: true, reason: 'HTTP 429' });
    expect(requestFailure(Object.assign(new Error('down'), { statusCode: 503 })).transient).toBe(true);
    const network = requestFailure(new Error(`connect ECONNREFUSED ${'x'.repeat(300)}`));
    expect(network).toMatchObject({ status: undefined, transient: true });
    expect(network.reason).toHaveLength(200);
    const refused = requestFailure(Object.assign(new Error('bad'), { statusCode: 400 }));
    expect(refused).toEqual({ status: 400, transient: false, reason: 'HTTP 400' });
    expect(shouldRetry(tooMany, 1)).toBe(true);
    expect(shouldRetry(tooMany, MAX_ATTEMPTS - 1)).toBe(true);
    expect(shouldRetry(tooMany, MAX_ATTEMPTS)).toBe(false);
    expect(shouldRetry(refused, 1)).toBe(false);
  });
});

describe('a ticket or a receipt', () => {
  it('ok; DeviceNotRegistered forgets the device; any other error counts against it', () => {
    expect(pushOutcome({ status: 'ok', id: 'ticket' })).toEqual({ ok: true });
    expect(pushOutcome({ status: 'ok' })).toEqual({ ok: true });
    expect(pushOutcome({ status: 'error', message: 'gone', details: { error: 'DeviceNotRegistered' } })).toEqual({
      ok: false,
      error: 'DeviceNotRegistered',
      device: 'forget',
    });
    expect(pushOutcome({ status: 'error', message: 'big', details: { error: 'MessageTooBig' } })).toEqual({
      ok: false,
      error: 'MessageTooBig',
      device: 'count',
    });
    expect(pushOutcome({ status: 'error', message: 'no details' })).toEqual({
      ok: false,
      error: 'ExpoError',
      device: 'count',
    });
  });
});
