import { type TMessage, visitorDisplayName } from '@oceras/protocol';
import { type AgentEmailStrings, agentEmailStrings, agentLanguage } from '../email/agent-email-i18n/index.js';
import { notificationSettings } from './notification-settings.js';

type PushStrings = AgentEmailStrings['push'];
const EN_PUSH = agentEmailStrings('en').push;

/** R13: the push words of an agent's stored language. */
export const pushStrings = (language: unknown): PushStrings => agentEmailStrings(agentLanguage(language)).push;

/**
 * Who gets a push for which message, and what it says: the one definition, pure (rows in, pushes out; no
 * database, no clock, no presence lookups). Rules, each with its test in push-recipients.test.ts:
 *
 *  R1  Only a visitor's message is pushed: never a note, an agent's reply or a system line.
 *  R2  Never across organizations: the conversation and the agent must both be the organization's.
 *  R3  A removed agent gets nothing, nor does a restricted one (objection, privacy policy §7).
 *  R4  An agent who has the conversation open right now gets nothing (they are reading it).
 *  R5  Each agent's settings decide: `enabled` off silences everything; `assigned` and `unassigned` each their case
 *      (missing keys are the defaults, notification-settings.ts).
 *  R6  Assigned conversation: only the assignee, on every device, whatever their availability (even offline).
 *  R7  Unassigned conversation: every device of every agent who is online or away; nobody offline.
 *  R8  One push per (message, device); title = the visitor's name or email, else "Visitor #n"; body = the message
 *      shortened on a word to PUSH_BODY_MAX, or for files alone "Sent a photo" / "Sent a file" / "Sent N files";
 *      data = { kind, conversationId, messageId, badge } (never a file's name or URL: the app fetches the message),
 *      `badge` the recipient's unread count (in the data, which §5 lists, not in a field of its own: the app sets
 *      the badge).
 *  R9  A restricted visitor's messages are pushed to nobody (objection, privacy policy §7): their name and words
 *      do not go to Expo.
 *  R10 A device whose phone's notification permission was withdrawn (the app reports it on every start and resume)
 *      gets nothing; a push queued before is not sent either (sender.ts).
 *  R11 A colleague's note mentioning an agent (modules/agent-notices) is pushed to that agent's devices only, under
 *      R2, R3, R4 and R10, when their settings have `enabled` and `mentions` on; title "<author> mentioned you",
 *      body the note shortened (R8), data { kind: 'mention', conversationId, messageId }.
 *  R12 A visitor's low rating, when the organization notifies (modules/satisfaction/act-on-low-rating.ts), is pushed
 *      to the agents it picked (the assignee; unassigned, the admins and managers) under R2, R3 and R10, when their
 *      settings have `enabled` on (whoever has the conversation open too: the rating is news to them);
 *      title "Conversation #n rated s/5", body the comment or "Rated s/5", data { kind: 'low_rating', ... }.
 *  R13 Every push's words are in the recipient agent's language (agents.language; English when none): the same
 *      catalogs as their emails (email/agent-email-i18n, `push`), and a rating as the survey's scale says it
 *      ("2/5", or the face). What the visitor or a colleague wrote is theirs, never translated.
 *
 * What lives where, and why: the SQL in push.repo.ts only selects. `eventsAfter` reads the organization's events
 * (payloads of `message.created` only); `conversationsForPush` and `devicesForPush` read the organization's rows
 * (tenancy: every statement filters on the organization, and R2 is checked again here); the unread counts come
 * from the conversations module, asked only for the agents this function picked. The worker also asks `isPushable`
 * (R1) of the bus's events, to wake only for messages that can push. `insertMessageDeliveries` drops a message
 * erased or a device removed since the event, and skips a (message, device) pair already queued (a re-read after a
 * crash): integrity, not the rule.
 */

/** What the rule reads of a message (a TMessage has more). */
export type PushMessage = Pick<TMessage, 'id' | 'conversationId' | 'type' | 'body'> & {
  author: Pick<TMessage['author'], 'type'>;
  attachments?: { contentType: string }[];
};

/** What a message of files alone says in a notification, in the recipient's words. */
export function filesSummary(attachments: readonly { contentType: string }[], t: PushStrings = EN_PUSH): string {
  if (attachments.length > 1) return t.files(attachments.length);
  return attachments[0]?.contentType.startsWith('image/') ? t.photo : t.file;
}

export interface PushConversation {
  id: string;
  organizationId: string;
  assigneeId: string | null;
  number: number;
  /** The visitor's name, else email, else null. */
  who: string | null;
  /** The visitor objected to processing (privacy policy §7). */
  isVisitorRestricted: boolean;
}

/** One device and what the rule reads of its agent. */
export interface PushDevice {
  deviceId: string;
  agentId: string;
  /** The agent's organization. */
  organizationId: string;
  availability: string;
  /** The agent's language, as stored (null or unknown: English): every push is written in it. */
  language?: string | null;
  /** The agent's stored notification settings, as stored (defaults fill missing keys). */
  settings: unknown;
  isRemoved: boolean;
  /** The agent objected to processing (privacy policy §7). */
  isRestricted: boolean;
  /** R10: the app reported the notification permission withdrawn. */
  isPermissionDenied: boolean;
}

export interface PushRecipient {
  agentId: string;
  deviceId: string;
  /** The agent's language, as stored (R13). */
  language?: string | null;
  message: PushMessage;
  conversation: PushConversation;
}

export interface PlannedPush {
  agentId: string;
  deviceId: string;
  conversationId: string;
  messageId: string;
  title: string;
  body: string;
  data: { kind: 'message' | 'mention' | 'low_rating'; conversationId: string; messageId: string; badge?: number };
}

export const PUSH_BODY_MAX = 160;
export const PUSH_TITLE_MAX = 60;

/** The text of a notification: whole words up to the limit, then an ellipsis. */
export function shorten(text: string, max = PUSH_BODY_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** R1: a visitor's message, nothing else. */
export const isPushable = (message: PushMessage) => message.type === 'message' && message.author.type === 'visitor';

/** R2–R7, R9 and R10 for one agent's device and one conversation. */
export function wantsPush(
  organizationId: string,
  conversation: PushConversation,
  device: PushDevice,
  viewers: ReadonlySet<string>,
): boolean {
  if (conversation.organizationId !== organizationId || device.organizationId !== organizationId) return false;
  if (conversation.isVisitorRestricted) return false;
  if (device.isRemoved || device.isRestricted || device.isPermissionDenied || viewers.has(device.agentId)) return false;
  const settings = notificationSettings(device.settings);
  if (!settings.enabled) return false;
  if (conversation.assigneeId) return conversation.assigneeId === device.agentId && settings.assigned;
  return settings.unassigned && (device.availability === 'online' || device.availability === 'away');
}

/** R11 for one device of the mentioned agent (R4, who has the conversation open, is the caller's). */
export function wantsMentionPush(organizationId: string, agentId: string, device: PushDevice): boolean {
  if (device.organizationId !== organizationId || device.agentId !== agentId) return false;
  if (device.isRemoved || device.isRestricted || device.isPermissionDenied) return false;
  const settings = notificationSettings(device.settings);
  return settings.enabled && settings.mentions;
}

/** R12 for one device of an agent told of a low rating. */
export function wantsLowRatingPush(organizationId: string, agentId: string, device: PushDevice): boolean {
  if (device.organizationId !== organizationId || device.agentId !== agentId) return false;
  if (device.isRemoved || device.isRestricted || device.isPermissionDenied) return false;
  return notificationSettings(device.settings).enabled;
}

/**
 * R1–R7, R9 and R10: each message's recipients, in the order of the messages and then of the devices. A message whose
 * conversation is not among `conversations` (erased since) has none. `viewers` maps a conversation id to the
 * agents who have it open; a conversation missing from it has none.
 */
export function pushRecipients(input: {
  organizationId: string;
  messages: readonly PushMessage[];
  conversations: readonly PushConversation[];
  devices: readonly PushDevice[];
  viewers: ReadonlyMap<string, ReadonlySet<string>>;
}): PushRecipient[] {
  const byId = new Map(input.conversations.map((c) => [c.id, c]));
  const none: ReadonlySet<string> = new Set();
  const recipients: PushRecipient[] = [];
  for (const message of input.messages) {
    if (!isPushable(message)) continue;
    const conversation = byId.get(message.conversationId);
    if (!conversation) continue;
    const viewers = input.viewers.get(conversation.id) ?? none;
    for (const device of input.devices) {
      if (wantsPush(input.organizationId, conversation, device, viewers))
        recipients.push({
          agentId: device.agentId,
          deviceId: device.deviceId,
          language: device.language,
          message,
          conversation,
        });
    }
  }
  return recipients;
}

/** The agents a badge is needed for: each recipient once. */
export const recipientAgents = (recipients: readonly PushRecipient[]) => [...new Set(recipients.map((r) => r.agentId))];

/** R8: the push each recipient gets; `unread` holds each recipient agent's unread count (`data.badge`). */
export function composePushes(
  recipients: readonly PushRecipient[],
  unread: ReadonlyMap<string, number>,
): PlannedPush[] {
  return recipients.map(({ agentId, deviceId, language, message, conversation }) => {
    const badge = unread.get(agentId);
    const t = pushStrings(language);
    return {
      agentId,
      deviceId,
      conversationId: conversation.id,
      messageId: message.id,
      title: shorten(
        visitorDisplayName({ name: conversation.who, email: null }, conversation.number, t.visitor),
        PUSH_TITLE_MAX,
      ),
      body: message.body.trim() ? shorten(message.body) : filesSummary(message.attachments ?? [], t),
      data: {
        kind: 'message',
        conversationId: conversation.id,
        messageId: message.id,
        ...(badge !== undefined && { badge }),
      },
    };
  });
}
