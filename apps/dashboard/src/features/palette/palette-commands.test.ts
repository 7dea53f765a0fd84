import type { TConversation } from '@oceras/protocol';
import { describe, expect, it } from 'vitest';
import { fr } from '../../i18n/fr';
import { filterCommands, type PaletteContext, paletteCommands } from './palette-commands';

const conversation = {
  id: 'c1',
  status: 'open',
  assigneeId: null,
  teamId: null,
  priority: 'none',
  tags: ['billing'],
} as unknown as TConversation;
const ctx = (over: Partial<PaletteContext> = {}): PaletteContext => ({
  me: { id: 'me', role: 'agent' },
  savedViews: [],
  settingsPages: [],
  conversation,
  agents: [{ id: 'bo', name: 'Bo' } as never],
  teams: [],
  text: '',
  ...over,
});
const labels = (c: PaletteContext, text = c.text) => filterCommands(paletteCommands(c), text).map((x) => x.label);

describe('the command palette', () => {
  it("offers the open conversation's actions first, then places", () => {
    const all = labels(ctx());
    expect(all.slice(0, 3)).toEqual(['Assign to me', 'Resolve', 'Mark pending']);
    expect(all).toContain('Inbox: Mine');
    expect(all).toContain('Remove tag “billing”');
    // An agent assigns only to themself, and sees no reports.
    expect(all).not.toContain('Assign to Bo');
    expect(all).not.toContain('Reports');
    expect(labels(ctx({ me: { id: 'me', role: 'manager' } }))).toContain('Assign to Bo');
  });

  it('filters by every typed word, whatever the case; "tag x" offers to add x', () => {
    expect(labels(ctx(), 'PEND')).toEqual(['Mark pending', 'Inbox: Pending']);
    expect(labels(ctx(), 'prio high')).toEqual(['Priority: high']);
    expect(labels(ctx({ text: 'tag VIP' }))).toEqual(['Add tag “vip”']);
    expect(labels(ctx({ text: 'tag billing' }))).toEqual(['Remove tag “billing”']);
  });

  it("offers no action on a colleague's conversation to an agent, only places", () => {
    const theirs = { ...conversation, assigneeId: 'bo' } as TConversation;
    expect(labels(ctx({ conversation: theirs })).every((l) => !l.startsWith('Assign') && l !== 'Resolve')).toBe(true);
    expect(labels(ctx({ conversation: null }))[0]).toBe('Inbox: Mine');
  });

  it("speaks the reader's language, and finds commands without their accents", () => {
    const french = ctx({ strings: fr, me: { id: 'me', role: 'manager' } });
    const all = filterCommands(paletteCommands(french), '');
    expect(all.slice(0, 3).map((c) => c.label)).toEqual(['M’assigner', 'Assigner à Bo', 'Résoudre']);
    expect(all.find((c) => c.label === 'Boîte de réception : Les miennes')?.group).toBe('Aller à');
    expect(labels(french, 'RESOUDRE')).toEqual(['Résoudre']);
    expect(labels(french, 'resolues')).toEqual(['Boîte de réception : Résolues']);
    expect(labels(french, 'prio haute')).toEqual(['Priorité : haute']);
    expect(labels({ ...french, text: 'étiquette VIP' })).toEqual(['Ajouter l’étiquette « vip »']);
    // The English word works in every language.
    expect(labels({ ...french, text: 'tag vip' })).toEqual(['Ajouter l’étiquette « vip »']);
  });
});
