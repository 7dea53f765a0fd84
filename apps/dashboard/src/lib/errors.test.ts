import { ApiError } from '@oceras/protocol/client';
import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors';

describe('errorMessage', () => {
  it("capitalizes the server's lowercase messages", () => {
    expect(errorMessage(new ApiError(401, 'INVALID_CREDENTIALS', 'wrong email or password'))).toBe(
      'Wrong email or password',
    );
    expect(errorMessage(new ApiError(400, 'VALIDATION_FAILED', 'privacyPolicyUrl: invalid URL'))).toBe(
      'PrivacyPolicyUrl: invalid URL',
    );
    expect(errorMessage(new Error('already Capital'))).toBe('Already Capital');
  });

  it('says what happened when no answer came back', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/^Could not reach the server/);
    expect(errorMessage('nope')).toBe('Something went wrong');
    expect(errorMessage(new ApiError(500, 'INTERNAL', ''))).toBe('Something went wrong');
  });
});
