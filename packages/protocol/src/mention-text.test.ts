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
  const mention = (id: string, conversationId: string, readAt: string | null) => ({
    id,
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
});
