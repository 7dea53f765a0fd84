import { describe, expect, it } from 'vitest';
import { expandCannedResponse, filterCannedResponses, findSlashCommand, insertCannedResponse } from './canned-text.js';

const context = {
  visitor: { name: 'Ada Lovelace', email: 'ada@example.com' },
  agent: { name: 'Grace' },
  organization: { name: 'Acme' },
};

describe('expandCannedResponse', () => {
  it('fills in the four variables, with or without spaces inside the braces', () => {
    expect(
      expandCannedResponse(
        'Hi {{visitor.name}} ({{ visitor.email }}), {{agent.name}} from {{organization.name}} here.',
        context,
      ),
    ).toBe('Hi Ada Lovelace (ada@example.com), Grace from Acme here.');
  });

  it('uses the fallback when the value is missing, null or blank, and the value when there is one', () => {
    expect(expandCannedResponse('Hi {{visitor.name | there}}!', context)).toBe('Hi Ada Lovelace!');
    expect(expandCannedResponse('Hi {{visitor.name | there}}!', { visitor: { name: null } })).toBe('Hi there!');
    expect(expandCannedResponse('Hi {{visitor.name|there}}!', { visitor: { name: '   ' } })).toBe('Hi there!');
    expect(expandCannedResponse('Hi {{ visitor.name |  dear friend  }}!', {})).toBe('Hi dear friend!');
    expect(expandCannedResponse('Mail: {{visitor.email | none}}', { visitor: null })).toBe('Mail: none');
  });

  it('leaves a known variable without a value and without a fallback empty', () => {
    expect(expandCannedResponse('Hi {{visitor.name}}!', {})).toBe('Hi !');
  });

  it('leaves unknown variables and malformed braces as typed', () => {
    const typed = 'Order {{order.id}}, {{ visitor.phone | n/a }}, {{visitor.name, {visitor.name}}, {{}} {{ }}';
    expect(expandCannedResponse(typed, context)).toBe(typed);
  });

  it('never reads prototype keys off the context', () => {
    const typed =
      '{{__proto__}} {{constructor}} {{visitor.constructor}} {{visitor.__proto__}} {{toString}} {{hasOwnProperty}}';
    expect(expandCannedResponse(typed, context)).toBe(typed);
    expect(expandCannedResponse('{{__proto__ | x}} {{constructor.name | y}}', context)).toBe(
      '{{__proto__ | x}} {{constructor.name | y}}',
    );
  });

  it('interprets no HTML: markup in the body and in values comes out as the same text', () => {
    const evil = { visitor: { name: '<img src=x onerror=alert(1)>' }, agent: { name: '&amp;' } };
    expect(expandCannedResponse('<b>Hi</b> {{visitor.name}} {{agent.name}}', evil)).toBe(
      '<b>Hi</b> <img src=x onerror=alert(1)> &amp;',
    );
  });

  it('expands once: a value that looks like a variable is not expanded again', () => {
    expect(
      expandCannedResponse('{{visitor.name}}', { visitor: { name: '{{agent.name}}' }, agent: { name: 'G' } }),
    ).toBe('{{agent.name}}');
    // `$&` and friends in a value are plain text, not replacement patterns.
    expect(expandCannedResponse('{{visitor.name}}', { visitor: { name: "$& $1 $'" } })).toBe("$& $1 $'");
  });
});

describe('findSlashCommand', () => {
  it('finds a slash at the start of the text or of a word, up to the caret', () => {
    expect(findSlashCommand('/thx', 4)).toEqual({ start: 0, query: 'thx' });
    expect(findSlashCommand('Hello /Th', 9)).toEqual({ start: 6, query: 'th' });
    expect(findSlashCommand('line\n/', 6)).toEqual({ start: 5, query: '' });
    expect(findSlashCommand('/thx and more', 4)).toEqual({ start: 0, query: 'thx' });
  });

  it('ignores a slash inside a word, a URL or after a space', () => {
    expect(findSlashCommand('and/or', 6)).toBeNull();
    expect(findSlashCommand('see https://x.io/a', 18)).toBeNull();
    expect(findSlashCommand('/thx ', 5)).toBeNull();
    expect(findSlashCommand('no slash', 8)).toBeNull();
  });
});

describe('insertCannedResponse', () => {
  it('replaces the /word before the caret with the filled body, keeps the rest, and puts the caret after it', () => {
    const text = 'Hi /gre and bye';
    const slash = findSlashCommand(text, 7)!;
    expect(insertCannedResponse(text, slash, 7, 'Hello {{visitor.name}}, {{agent.name}} here.', context)).toEqual({
      text: 'Hi Hello Ada Lovelace, Grace here. and bye',
      caret: 34,
    });
  });
});

describe('filterCannedResponses', () => {
  const list = [
    { shortcode: 'thx', title: 'Thanks', scope: 'shared' as const },
    { shortcode: 'thx', title: 'My thanks', scope: 'personal' as const },
    { shortcode: 'refund', title: 'Thanks for waiting on your refund', scope: 'shared' as const },
    { shortcode: 'bye', title: 'Goodbye', scope: 'personal' as const },
  ];
  it('puts shortcode matches first, own before shared, then title word matches', () => {
    expect(filterCannedResponses(list, 'th').map((r) => r.title)).toEqual([
      'My thanks',
      'Thanks',
      'Thanks for waiting on your refund',
    ]);
    expect(filterCannedResponses(list, 'GOOD').map((r) => r.shortcode)).toEqual(['bye']);
    expect(filterCannedResponses(list, 'zzz')).toEqual([]);
    expect(filterCannedResponses(list, '', 2)).toHaveLength(2);
  });
});
