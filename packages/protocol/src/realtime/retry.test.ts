import { describe, expect, it } from 'vitest';
import { ApiError } from '../client.js';
import { backoffDelay } from './backoff.js';
import { newClientId } from './client-id.js';
import { isRetryable, retryDelay } from './retry.js';

describe('which failures are worth sending again', () => {
  it('R13: no answer (network, timeout, abort) is retryable', () => {
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable({ status: 0, code: 'NETWORK' })).toBe(true);
    expect(isRetryable(undefined)).toBe(true);
  });

  it('R13: a busy or failing server (429, 408, 5xx) is retryable; any other 4xx is final', () => {
    for (const status of [408, 429, 500, 502, 503]) expect(isRetryable(new ApiError(status, 'X', 'x'))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 413])
      expect(isRetryable(new ApiError(status, 'X', 'x'))).toBe(false);
  });

  it('R13: socket acks (R7) by code: RATE_LIMITED, UNAVAILABLE and INTERNAL retry; refusals are final', () => {
    for (const code of ['RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL'])
      expect(isRetryable({ code, message: 'm', retryAfterMs: 1_000 })).toBe(true);
    for (const code of ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'CLIENT_ID_CONFLICT'])
      expect(isRetryable({ code, message: 'm' })).toBe(false);
  });

  it("R13: the delay is the server's retryAfterMs when it gives one, else the backoff", () => {
    expect(retryDelay({ code: 'RATE_LIMITED', message: 'm', retryAfterMs: 4_200 }, 0)).toBe(4_200);
    expect(retryDelay(new TypeError('offline'), 3, { baseMs: 100, capMs: 10_000 }, () => 1)).toBe(800);
  });
});

describe('backoff', () => {
  it('R12: doubles from the base to the cap, drawn between half and all of the ceiling', () => {
    const options = { baseMs: 500, capMs: 5_000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, options, () => 1))).toEqual([
      500, 1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(2_000);
  });
});

describe('client ids', () => {
  it('R8: unique, and what the protocol accepts (8 to 64 letters, digits, "-" and "_")', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newClientId('w-')));
    expect(ids.size).toBe(1_000);
    for (const id of ids) expect(id).toMatch(/^w-[A-Za-z0-9_-]{6,62}$/);
  });

  it('R8: also where the platform has no crypto.randomUUID', () => {
    const randomUUID = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(newClientId('m-')).toMatch(/^m-[a-z0-9]{16,}$/);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: randomUUID, configurable: true });
    }
  });
});
