import { describe, expect, it } from 'vitest';
import {
  findMentions,
  insertMention,
  mentionedAgentIds,
  mentionParts,
  mentionQueryAt,
  mentionsByConversation,
  suggestMentions,
} from './mention-text.js';
import { ratingText } from './notices.js';

const ann = { id: 'a', name: 'Ann' };
const annLee = { id: 'b', name: 'Ann Lee' };
const bob = { id: 'c', name: 'Bob Stone' };
const agents = [ann, annLee, bob];

describe('mentions in a note’s text', () => {
  it('finds @Name without case, the longest name winning', () => {
    expect(mentionedAgentIds('@ann lee can you look? cc @Bob Stone', agents)).toEqual(['b', 'c']);
    expect(mentionedAgentIds('@Ann, please', agents)).toEqual(['a']);
    expect(findMentions('hi @Ann Lee!', agents)).toEqual([{ start: 3, end: 11, agentIds: ['b'] }]);
  });

  it('mentions nobody in an email address, a longer word, or without @', () => {
    expect(mentionedAgentIds('write to support@Ann.com', agents)).toEqual([]);
    expect(mentionedAgentIds('@Annabel and Ann', agents)).toEqual([]);
    expect(mentionedAgentIds('no at sign', agents)).toEqual([]);
  });

  it('mentions both agents who share a name, each once', () => {
    const twins = [
      { id: 'x', name: 'Sam' },
      { id: 'y', name: 'Sam' },
    ];
    expect(mentionedAgentIds('@Sam and @sam', twins)).toEqual(['x', 'y']);
  });

  it('cuts the text into parts for highlighting', () => {
    expect(mentionParts('ask @Bob Stone now', agents)).toEqual([
      { text: 'ask ', isMention: false },
      { text: '@Bob Stone', isMention: true },
      { text: ' now', isMention: false },
    ]);
  });

  it('knows the mention being typed, suggests agents and inserts the chosen name', () => {
    expect(mentionQueryAt('hello @an', 9)).toEqual({ start: 6, query: 'an' });
    expect(mentionQueryAt('mail a@b', 8)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
    expect(suggestMentions(agents, 'an').map((a) => a.id)).toEqual(['a', 'b']);
    expect(suggestMentions(agents, 'sto').map((a) => a.id)).toEqual(['c']);
    expect(suggestMentions(agents, 'ann ').map((a) => a.id)).toEqual(['b']);
    expect(suggestMentions(agents, 'Ann Lee ')).toEqual([]);
    expect(suggestMentions(agents, '').length).toBe(3);
    expect(insertMention('hello @an!', 6, 9, 'Ann Lee')).toEqual({ text: 'hello @Ann Lee !', caret: 15 });
  });
});

describe('the Mentions list', () => {
  const mention = (id: string, conversationId: string, readAt: string | null, kind = 'mention') => ({
    id,
    kind: kind as 'mention',
    rating: null,
    conversationId,
    conversationNumber: 7,
    messageId: `m-${id}`,
    author: { id: 'bob', name: 'Bob' },
    excerpt: `note ${id}`,
    createdAt: '2026-12-06T10:00:00.000Z',
    readAt,
  });

  it('has one row per conversation: its newest mention, how many, and whether any is unread', () => {
    const rows = mentionsByConversation([
      mention('3', 'c1', '2026-12-06T11:00:00.000Z'),
      mention('2', 'c2', '2026-12-06T11:00:00.000Z'),
      mention('1', 'c1', null),
    ]);
    expect(rows.map((r) => [r.latest.id, r.count, r.isUnread])).toEqual([
      ['3', 2, true],
      ['2', 1, false],
    ]);
  });

  it('keeps a low rating apart from the mentions of its conversation, and drops a kind it does not know', () => {
    const rows = mentionsByConversation([
      mention('4', 'c1', null, 'escalation'),
      mention('3', 'c1', null, 'low_rating'),
      mention('2', 'c1', '2026-12-06T11:00:00.000Z'),
      { ...mention('1', 'c2', null), kind: undefined as never },
    ]);
    expect(rows.map((r) => [r.latest.id, r.latest.kind ?? 'mention', r.count])).toEqual([
      ['3', 'low_rating', 1],
      ['2', 'mention', 1],
      ['1', 'mention', 1],
    ]);
  });
});

describe('a rating in words', () => {
  const words = { stars: '{score}/5', faces: { sad: 'sad', neutral: 'so-so', happy: 'happy' } };
  it('says stars as a score and faces as a face', () => {
    expect(ratingText({ score: 2, scale: 'stars' }, words)).toBe('2/5');
    expect(ratingText({ score: 2 }, words)).toBe('2/5');
    expect(ratingText({ score: 1, scale: 'faces' }, words)).toBe('sad');
    expect(ratingText({ score: 3, scale: 'faces' }, words)).toBe('so-so');
    expect(ratingText({ score: 5, scale: 'faces' }, words)).toBe('happy');
  });
});
