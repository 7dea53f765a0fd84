import type {
  TAgent,
  TConversation,
  TPriority,
  TRole,
  TSavedView,
  TTeam,
  TUpdateConversationRequest,
} from '@oceras/protocol';
import { canMoveTo } from '@oceras/protocol/status';
import { currentStrings, fill, type Strings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { canAssignOthers, canChange } from '../../lib/policy';
import { snoozeOptions } from '../../lib/snooze';
import { savedViewKey, VIEWS } from '../../lib/views';
import type { SettingsPageName } from '../../routes';

/** A change to the open conversation: the single update's body (the palette sends it as updateConversation). */
export type ConversationChange = TUpdateConversationRequest;

/**
 * `group` is the command's kind as shown ("Go to", "Conversation", in the reader's language); `words`, what else
 * finds it (the text that made it: "tag vip" finds "Ajouter l’étiquette « vip »").
 */
export type Command =
  | { id: string; group: string; label: string; href: string; words?: string }
  | { id: string; group: string; label: string; change: ConversationChange; words?: string };

const PRIORITIES: TPriority[] = ['urgent', 'high', 'medium', 'low', 'none'];

export interface PaletteContext {
  me: { id: string; role: TRole };
  savedViews: TSavedView[];
  settingsPages: { path: string; name: SettingsPageName }[];
  /** The open conversation, if any: its actions are offered as the conversation's own controls allow them. */
  conversation: TConversation | null;
  agents: TAgent[];
  teams: TTeam[];
  /** What is typed: "tag vip" offers to add the tag vip. */
  text: string;
  /** The language the commands are worded in (the current one unless given). */
  strings?: Strings;
}

/** Every command the palette offers now: where to go, and what to do with the open conversation. */
export function paletteCommands(ctx: PaletteContext): Command[] {
  const strings = ctx.strings ?? currentStrings();
  const t = strings.palette;
  const shell = strings.shell;
  const go = (id: string, label: string, href: string): Command => ({ id: `go:${id}`, group: t.goTo, label, href });
  const commands: Command[] = [
    ...VIEWS.map((v) => go(v.id, fill(t.inboxView, { view: strings.desk.views[v.id] }), paths.inbox(v.id))),
    ...ctx.savedViews.map((v) => go(v.id, fill(t.savedView, { name: v.name }), paths.inbox(savedViewKey(v.id)))),
    go('contacts', shell.contacts, paths.contacts),
    ...(ctx.me.role !== 'agent' ? [go('reports', shell.reports, paths.reports)] : []),
    go('canned', shell.cannedResponses, paths.cannedResponses),
    go('account', t.yourAccount, paths.account),
    go('api-tokens', shell.apiTokens, paths.apiTokens),
    ...ctx.settingsPages.map((p) => go(p.path, fill(t.settingsPage, { page: shell.settingsPages[p.name] }), p.path)),
  ];
  const c = ctx.conversation;
  if (!c || !canChange(ctx.me.role, ctx.me.id, c)) return commands;
  const act = (id: string, label: string, change: ConversationChange): Command => ({
    id: `do:${id}`,
    group: t.conversation,
    label,
    change,
  });
  const actions: Command[] = [];
  const words = strings.conversation.actions;
  if (c.assigneeId !== ctx.me.id) actions.push(act('assign-me', strings.desk.assignToMe, { assigneeId: ctx.me.id }));
  if (canAssignOthers(ctx.me.role))
    for (const a of ctx.agents)
      if (a.id !== c.assigneeId && a.id !== ctx.me.id)
        actions.push(act(`assign-${a.id}`, fill(t.assignTo, { name: a.name }), { assigneeId: a.id }));
  if (c.assigneeId !== null) actions.push(act('unassign', words.unassign, { assigneeId: null }));
  if (c.status !== 'resolved') actions.push(act('resolve', words.resolve, { status: 'resolved' }));
  if (canMoveTo(c.status, 'pending')) actions.push(act('pending', words.markPending, { status: 'pending' }));
  if (canMoveTo(c.status, 'open')) actions.push(act('reopen', words.reopen, { status: 'open' }));
  if (c.status !== 'resolved')
    for (const o of snoozeOptions(strings))
      actions.push(
        act(`snooze-${o.id}`, fill(t.snooze[o.id], { time: o.time }), {
          status: 'snoozed',
          snoozedUntil: o.at.toISOString(),
        }),
      );
  for (const p of PRIORITIES)
    if (p !== c.priority)
      actions.push(act(`priority-${p}`, fill(t.priority, { priority: strings.desk.priorities[p] }), { priority: p }));
  for (const team of ctx.teams)
    if (team.id !== c.teamId)
      actions.push(act(`team-${team.id}`, fill(t.team, { name: team.name }), { teamId: team.id }));
  if (c.teamId) actions.push(act('team-none', t.removeFromTeam, { teamId: null }));
  // "tag vip" (or "add tag vip"): the rest is the tag to add; the language's own word for "tag" works too.
  const tag = tagTyped(ctx.text, t.tagWord);
  if (tag && !c.tags.includes(tag))
    actions.push({ ...act('tag-add', fill(t.addTag, { tag }), { tags: [...c.tags, tag] }), words: ctx.text });
  for (const name of c.tags)
    actions.push(
      act(`tag-remove-${name}`, fill(t.removeTag, { tag: name }), { tags: c.tags.filter((x) => x !== name) }),
    );
  // The open conversation's actions first: that is what the palette is mostly opened for.
  return [...actions, ...commands];
}
/** The tag typed as "tag vip", "add tag vip" or the language's own word ("étiquette vip"), lowercased; else null. */
function tagTyped(text: string, word: string) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^(?:add\\s+)?(?:tag|${escaped}):?\\s+(.+)$`, 'iu').exec(text.trim());
  return m?.[1]?.trim().toLowerCase() || null;
}

/** Lowercase and without accents: "Résolue" matches "resolue". */
const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/**
 * The commands matching what is typed: every word appears in the label or the group (neither case nor accents
 * count).
 */
export function filterCommands(commands: Command[], text: string) {
  const words = fold(text).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  return commands.filter((c) => {
    const hay = fold(`${c.group} ${c.label} ${c.words ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}
