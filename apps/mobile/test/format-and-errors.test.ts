import { ApiError } from '@oceras/protocol/client';
import { errorMessage, sentence } from '@/lib/errors';
import { clockTime, dateTime, timeAgo } from '@/lib/format';

const at = '2026-03-04T15:05:00Z';

describe('times follow the device locale', () => {
  it('12-hour where the locale has it, 24-hour where it does not', () => {
    expect(clockTime(at, 'en-US')).toMatch(/^\d{1,2}:05\s?[AP]M$/);
    expect(clockTime(at, 'en-GB')).toMatch(/^\d{2}:05$/);
    expect(clockTime(at, 'de-DE')).toMatch(/^\d{2}:05$/);
    expect(dateTime(at, 'en-US')).toMatch(/^Mar \d, 2026.*\d{1,2}:05\s?[AP]M$/);
    expect(dateTime(at, 'de-DE')).not.toMatch(/[AP]M/);
    expect(timeAgo(at, Date.parse(at) + 30 * 86_400_000, 'en-US')).toMatch(/^Mar \d, 2026$/);
  });
});

describe('error messages', () => {
  it("start with a capital letter (the server's are lowercase)", () => {
    expect(errorMessage(new ApiError(409, 'CONFLICT', 'conversation is resolved'))).toBe('Conversation is resolved');
    expect(sentence('not allowed')).toBe('Not allowed');
    expect(errorMessage(new TypeError('Network request failed'))).toMatch(/^Could not reach the server/);
    expect(errorMessage(null, 'Nope.')).toBe('Nope.');
  });
});
