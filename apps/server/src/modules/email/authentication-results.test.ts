import { emailAuthSummary } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import { emailAuthOf, parseAuthenticationResults } from './authentication-results.js';

describe('parseAuthenticationResults (RFC 8601)', () => {
  it('reads the authserv-id and each method, ignoring comments, reasons and properties', () => {
    expect(
      parseAuthenticationResults(
        'mx.example.com 1; spf=pass (sender SPF authorized) smtp.mailfrom=example.net;\r\n' +
          '\tdkim=pass (good signature) header.d=example.net header.s=s1; dmarc=fail reason="p=reject; aligned" header.from=example.net',
      ),
    ).toEqual({
      authservId: 'mx.example.com',
      results: [
        { method: 'spf', result: 'pass' },
        { method: 'dkim', result: 'pass' },
        { method: 'dmarc', result: 'fail' },
      ],
    });
  });

  it('takes a method version, upper case and nested comments; `none` has no results', () => {
    expect(parseAuthenticationResults('(a (nested) comment) MX.Example.COM; DKIM/1 = SoftFail; SPF=none')).toEqual({
      authservId: 'mx.example.com',
      results: [
        { method: 'dkim', result: 'softfail' },
        { method: 'spf', result: 'none' },
      ],
    });
    expect(parseAuthenticationResults('mx.example.com; none')).toEqual({ authservId: 'mx.example.com', results: [] });
    expect(parseAuthenticationResults('  ; spf=pass')).toBeNull();
  });
});

describe('emailAuthOf', () => {
  const trusted = ['mx.example.com'];

  it('records the topmost header of a trusted relay and ignores the others', () => {
    const forged = 'mx.example.com; spf=pass; dkim=pass; dmarc=pass';
    const real = 'mx.example.com; spf=fail smtp.mailfrom=evil.test; dkim=none; dmarc=fail';
    expect(emailAuthOf(['attacker.test; spf=pass', real, forged], trusted)).toEqual({
      authservId: 'mx.example.com',
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
    });
    expect(emailAuthOf(['attacker.test; spf=pass; dkim=pass; dmarc=pass'], trusted)).toBeNull();
    expect(emailAuthOf([forged], [])).toBeNull();
  });

  it('passes DKIM when any signature passed, and drops results RFC 8601 does not define', () => {
    expect(
      emailAuthOf(['MX.EXAMPLE.COM; dkim=fail header.d=list.test; dkim=pass header.d=example.net; spf=bogus'], trusted),
    ).toEqual({ authservId: 'mx.example.com', dkim: 'pass' });
  });

  it('is summarized for the apps, with a warning when a check failed', () => {
    expect(emailAuthSummary({ authservId: 'mx', spf: 'pass', dkim: 'pass' })).toEqual({
      text: 'SPF pass · DKIM pass',
      isWarning: false,
    });
    expect(emailAuthSummary({ authservId: 'mx', spf: 'softfail', dmarc: 'pass' })).toEqual({
      text: 'SPF softfail · DMARC pass',
      isWarning: true,
    });
    expect(emailAuthSummary({ authservId: 'mx' })).toBeNull();
  });
});
