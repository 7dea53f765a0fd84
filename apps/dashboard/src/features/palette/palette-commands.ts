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
import { paths } from '../../lib/paths';
import { canAssignOthers, canChange } from '../../lib/policy';
import { snoozeOptions } from '../../lib/snooze';
import { savedViewKey, VIEWS } from '../../lib/views';

/** A change to the open conversation: the single update's body (the palette sends it as updateConversation). */
export type ConversationChange = TUpdateConversationRequest;

export type Command =
  | { id: string; group: 'Go to'; label: string; href: string }
  | { id: string; group: 'Conversation'; label: string; change: ConversationChange };

const PRIORITIES: TPriority[] = ['urgent', 'high', 'medium', 'low', 'none'];

export interface PaletteContext {
  me: { id: string; role: TRole };
  savedViews: TSavedView[];
  settingsPages: { path: string; label: string }[];
  /** The open conversation, if any: its actions are offered as the conversation's own controls allow them. */
  conversation: TConversation | null;
  agents: TAgent[];
  teams: TTeam[];
  /** What is typed: "tag vip" offers to add the tag vip. */
  text: string;
}

/** Every command the palette offers now: where to go, and what to do with the open conversation. */
export function paletteCommands(ctx: PaletteContext): Command[] {
  const go = (id: string, label: string, href: string): Command => ({ id: `go:${id}`, group: 'Go to', label, href });
  const commands: Command[] = [
    ...VIEWS.map((v) => go(v.id, `Inbox: ${v.label}`, paths.inbox(v.id))),
    ...ctx.savedViews.map((v) => go(v.id, `View: ${v.name}`, paths.inbox(savedViewKey(v.id)))),
    go('contacts', 'Contacts', paths.contacts),
    ...(ctx.me.role !== 'agent' ? [go('reports', 'Reports', paths.reports)] : []),
    go('canned', 'Canned responses', paths.cannedResponses),
    go('account', 'Your account', paths.account),
    go('api-tokens', 'API tokens', paths.apiTokens),
    ...ctx.settingsPages.map((p) => go(p.path, `Settings: ${p.label}`, p.path)),
  ];
  const c = ctx.conversation;
  if (!c || !canChange(ctx.me.role, ctx.me.id, c)) return commands;
  const act = (id: string, label: string, change: ConversationChange): Command => ({
    id: `do:${id}`,
    group: 'Conversation',
    label,
    change,
  });
  const actions: Command[] = [];
  if (c.assigneeId !== ctx.me.id) actions.push(act('assign-me', 'Assign to me', { assigneeId: ctx.me.id }));
  if (canAssignOthers(ctx.me.role))
    for (const a of ctx.agents)
      if (a.id !== c.assigneeId && a.id !== ctx.me.id)
        actions.push(act(`assign-${a.id}`, `Assign to ${a.name}`, { assigneeId: a.id }));
  if (c.assigneeId !== null) actions.push(act('unassign', 'Unassign', { assigneeId: null }));
  if (c.status !== 'resolved') actions.push(act('resolve', 'Resolve', { status: 'resolved' }));
  if (canMoveTo(c.status, 'pending')) actions.push(act('pending', 'Mark pending', { status: 'pending' }));
  if (canMoveTo(c.status, 'open')) actions.push(act('reopen', 'Reopen', { status: 'open' }));
  if (c.status !== 'resolved')
    for (const o of snoozeOptions())
      actions.push(
        act(`snooze-${o.label}`, `Snooze ${o.label.toLowerCase()}`, {
          status: 'snoozed',
          snoozedUntil: o.at.toISOString(),
        }),
      );
  for (const p of PRIORITIES)
    if (p !== c.priority)
      actions.push(act(`priority-${p}`, p === 'none' ? 'Priority: none' : `Priority: ${p}`, { priority: p }));
  for (const t of ctx.teams)
    if (t.id !== c.teamId) actions.push(act(`team-${t.id}`, `Team: ${t.name}`, { teamId: t.id }));
  if (c.teamId) actions.push(act('team-none', 'Remove from team', { teamId: null }));
  // "tag vip" (or "add tag vip"): the rest is the tag to add.
  const tag = /^(?:add )?tag:?\s+(.+)$/i.exec(ctx.text.trim())?.[1]?.trim().toLowerCase();
  if (tag && !c.tags.includes(tag)) actions.push(act('tag-add', `Add tag “${tag}”`, { tags: [...c.tags, tag] }));
  for (const t of c.tags)
    actions.push(act(`tag-remove-${t}`, `Remove tag “${t}”`, { tags: c.tags.filter((x) => x !== t) }));
  // The open conversation's actions first: that is what the palette is mostly opened for.
  return [...actions, ...commands];
}

/** The commands matching what is typed: every word appears in the label or the group (case does not count). */
export function filterCommands(commands: Command[], text: string) {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  return commands.filter((c) => {
    const hay = `${c.group} ${c.label}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
