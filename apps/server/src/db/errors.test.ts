import { expect, it } from 'vitest';
import { isDatabaseUnavailable } from './errors.js';

/** As drizzle raises them: the driver's error (with its SQLSTATE) in `cause`. */
const wrapped = (code: string, message = 'failed') =>
  Object.assign(new Error('Failed query'), { cause: { code, message } });

it('reads a full server, a lost connection and a shutdown as unavailable (503), not as a bug (500)', () => {
  for (const code of ['53300', '53200', '08006', '57P01', 'ECONNREFUSED'])
    expect(isDatabaseUnavailable(wrapped(code)), code).toBe(true);
  expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(true);
  for (const code of ['23505', '22P02', '42P01', '40P01'])
    expect(isDatabaseUnavailable(wrapped(code)), code).toBe(false);
});
