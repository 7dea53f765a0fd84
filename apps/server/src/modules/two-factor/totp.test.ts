import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUrl, totp, totpStep } from './totp.js';

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890"; the expected values are 8 digits.
const RFC_KEY = base32Encode(Buffer.from('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238) and HOTP (RFC 4226)', () => {
  it.each(RFC_VECTORS)('gives the RFC 6238 SHA-1 value at T=%i', (seconds, expected) => {
    expect(totp(RFC_KEY, seconds * 1000, 8)).toBe(expected);
    // Six digits are the last six of the same truncation.
    expect(totp(RFC_KEY, seconds * 1000)).toBe(expected.slice(2));
  });

  it('gives the RFC 4226 appendix D values', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    const key = Buffer.from('12345678901234567890');
    expect(expected.map((_, i) => hotp(key, i))).toEqual(expected);
  });

  it('round-trips base32 and reads it whatever the case, spaces or padding', () => {
    const bytes = Buffer.from('any bytes at all \u0000\u00ff');
    const text = base32Encode(bytes);
    expect(base32Decode(text)).toEqual(bytes);
    expect(base32Decode(`${text.toLowerCase().replace(/(.{4})/g, '$1 ')}===`)).toEqual(bytes);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(() => base32Decode('not base 1')).toThrow();
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('accepts one step either side, not two, and each step once', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(matchTotp(secret, totp(secret, now + d * 30_000), now, null)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(secret, totp(secret, now + d * 30_000), now, null)).toBeNull();
    expect(matchTotp(secret, totp(secret, now), now, step)).toBeNull();
    expect(matchTotp(secret, totp(secret, now + 30_000), now, step)).toBe(step + 1);
    expect(matchTotp(secret, '12345', now, null)).toBeNull();
    expect(matchTotp(secret, '１２３４５６', now, null)).toBeNull();
  });

  it('writes the otpauth URL authenticator apps read', () => {
    const url = new URL(otpauthUrl('JBSWY3DPEHPK3PXP', 'ana@example.com', 'Acme: Support'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Oceras (Acme  Support):ana@example.com');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(url.searchParams.get('issuer')).toBe('Oceras (Acme  Support)');
    expect(url.searchParams.get('digits')).toBe('6');
  });
});
