import { z } from 'zod';
import type { TAgent } from './agents.js';
import type { AttachmentReady } from './attachments.js';
import { ZId } from './common.js';
import type { TConversationBase } from './conversations.js';
import { ZMarkReadRequest } from './conversations.js';
import type { TErrorCode } from './errors.js';
import type { ContactEventData } from './integrations.js';
import type { TMention } from './mentions.js';
import type { TMessage } from './messages.js';
import { hasContent, ZSendMessageFields, ZVisitorSendMessageFields } from './messages.js';
import type { TOrganization } from './organizations.js';
import type { TVisitorConversation } from './widget.js';

/** Event names: `entity.past_tense`. */
export const EVENTS = {
  messageCreated: 'message.created',
  attachmentReady: 'attachment.ready',
  conversationCreated: 'conversation.created',
  conversationUpdated: 'conversation.updated',
  agentUpdated: 'agent.updated',
  agentRemoved: 'agent.removed',
  visitorErased: 'visitor.erased',
  eventErased: 'event.erased',
  organizationUpdated: 'organization.updated',
  typingUpdated: 'typing.updated',
  viewersUpdated: 'viewers.updated',
  presenceUpdated: 'presence.updated',
  conversationRead: 'conversation.read',
  conversationVisitorRead: 'conversation.visitor_read',
  mentionCreated: 'mention.created',
  listChanged: 'list.changed',
  sessionReady: 'session.ready',
  syncRequired: 'sync.required',
} as const;

/**
 * Every state-changing event is wrapped in an envelope. `seq` is the number of the stream the socket follows:
 * the organization's for agents, the visitor's own for visitors. Within one stream it is gap-free, so a client
 * that saw seq N and reconnects with `lastSeq: N` is sent N+1, N+2, ... in order, exactly once (SPEC.md, R3-R5).
 */
export interface Envelope<T> {
  seq: number;
  at: string;
  data: T;
}

/** The organization's lists that agents hold whole and refetch on `list.changed`. */
export type TChangedList = 'teams' | 'savedViews' | 'cannedResponses';
export interface ListChanged {
  list: TChangedList;
}

export interface ConversationUpdate<C> {
  conversation: C;
  /** Which fields changed: status, snoozedUntil, priority, assigneeId, tags, subject, ... */
  changes: string[];
}

export interface TypingPayload {
  conversationId: string;
  actor: { type: 'visitor' | 'agent'; id: string | null; name: string | null };
  isTyping: boolean;
  /** Agents typing an internal note: never shown to the visitor. */
  isNote: boolean;
}

export interface SessionReady {
  protocolVersion: number;
  /** The stream position after replay: remember the highest seq you have applied and send it when you reconnect. */
  seq: number;
  replayed: number;
}

export interface SyncRequired {
  /** Replay is impossible (too old or too much): refetch over REST, then follow the stream from this seq. */
  seq: number;
  reason: 'too_old' | 'too_many';
}

/**
 * A refused call: `RATE_LIMITED` and `UNAVAILABLE` carry `retryAfterMs`, when trying again makes sense;
 * `VALIDATION_FAILED` may carry `details`.
 */
export interface AckError {
  code: TErrorCode;
  message: string;
  retryAfterMs?: number;
  details?: { path: string; message: string }[];
}
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type Ack<T> = (result: AckResult<T>) => void;

export interface AgentServerToClientEvents {
  'message.created': (e: Envelope<TMessage>) => void;
  /** An image of an earlier message now has its dimensions and thumbnail (SPEC.md R15). */
  'attachment.ready': (e: Envelope<AttachmentReady>) => void;
  'conversation.created': (e: Envelope<TConversationBase>) => void;
  'conversation.updated': (e: Envelope<ConversationUpdate<TConversationBase>>) => void;
  'agent.updated': (e: Envelope<TAgent>) => void;
  'agent.removed': (e: Envelope<{ agentId: string; unassignedConversationIds: string[] }>) => void;
  /**
   * A visitor's personal data was erased: drop every message held for these conversations (each also gets a
   * `conversation.updated`: resolved, without previews or subject).
   */
  'visitor.erased': (e: Envelope<{ visitorId: string; conversationIds: string[] }>) => void;
  /** An event whose content was erased with a person's data: nothing to apply, its seq still counts (R3). */
  'event.erased': (e: Envelope<Record<string, never>>) => void;
  'organization.updated': (e: Envelope<TOrganization>) => void;
  /** A contact appeared (a new widget visitor, an import...): the same `data` as the webhook event. */
  'contact.created': (e: Envelope<ContactEventData['contact.created']>) => void;
  /** A contact's labels, verified user id or custom attributes changed, or another was merged into it. */
  'contact.updated': (e: Envelope<ContactEventData['contact.updated']>) => void;
  'typing.updated': (p: TypingPayload) => void;
  'viewers.updated': (p: { conversationId: string; agentIds: string[] }) => void;
  'presence.updated': (p: { agentId: string; isConnected: boolean }) => void;
  /** The agent's own read cursor moved (another tab or device of theirs). */
  'conversation.read': (p: { conversationId: string; seq: number }) => void;
  /** The visitor has seen messages up to seq (drives "seen" marks in the inbox). */
  'conversation.visitor_read': (p: { conversationId: string; seq: number }) => void;
  /** A colleague mentioned this agent in a note: to that agent's sockets only, never numbered, never to visitors. */
  'mention.created': (p: TMention) => void;
  /**
   * A list changed (a team created, renamed, deleted or its members; a shared view or canned response created,
   * changed or deleted): refetch it. A signal, not numbered: what it says is "fetch again", so one lost while
   * disconnected is healed by refetching the lists on the next `session.ready`. Shared items: every agent of the
   * organization; personal ones: their owner's other tabs and devices. Never to visitors.
   */
  'list.changed': (p: ListChanged) => void;
  'session.ready': (p: SessionReady) => void;
  'sync.required': (p: SyncRequired) => void;
}

export interface VisitorServerToClientEvents {
  'message.created': (e: Envelope<TMessage>) => void;
  /** Never for a note's attachment (R2). */
  'attachment.ready': (e: Envelope<AttachmentReady>) => void;
  'conversation.created': (e: Envelope<TVisitorConversation>) => void;
  'conversation.updated': (e: Envelope<ConversationUpdate<TVisitorConversation>>) => void;
  'typing.updated': (p: TypingPayload) => void;
  'session.ready': (p: SessionReady) => void;
  'sync.required': (p: SyncRequired) => void;
}

export const ZSocketSendMessage = hasContent(ZSendMessageFields.extend({ conversationId: ZId }));
export const ZSocketVisitorSendMessage = hasContent(ZVisitorSendMessageFields.extend({ conversationId: ZId }));
export const ZSocketTyping = z.strictObject({
  conversationId: ZId,
  isTyping: z.boolean(),
  isNote: z.boolean().default(false),
});
export const ZSocketView = z.strictObject({ conversationId: ZId.nullable() });
export const ZSocketRead = ZMarkReadRequest.extend({ conversationId: ZId });
export const ZSocketRenew = z.strictObject({ token: z.string().min(10).max(4000) });
export const ZSocketActive = z.strictObject({});

export interface AgentClientToServerEvents {
  'message.send': (p: z.input<typeof ZSocketSendMessage>, ack: Ack<TMessage>) => void;
  'typing.update': (p: z.input<typeof ZSocketTyping>, ack: Ack<null>) => void;
  /** Which conversation this client is looking at (null: none); colleagues see viewers. */
  'conversation.view': (p: z.input<typeof ZSocketView>, ack: Ack<null>) => void;
  'conversation.read': (p: z.input<typeof ZSocketRead>, ack: Ack<{ seq: number }>) => void;
  /** Hand the socket a fresh access token before the old one expires, or it is closed at expiry. */
  'session.renew': (p: z.input<typeof ZSocketRenew>, ack: Ack<{ expiresAt: string }>) => void;
  /**
   * The person is at their app (a key, a click, the app brought to the front): away after inactivity counts from
   * here, and an agent the server set away comes back online. Every other command counts too; apps send this at
   * most once a minute.
   */
  'agent.active': (p: z.input<typeof ZSocketActive>, ack: Ack<null>) => void;
}

export interface VisitorClientToServerEvents {
  'message.send': (p: z.input<typeof ZSocketVisitorSendMessage>, ack: Ack<TMessage>) => void;
  'typing.update': (p: { conversationId: string; isTyping: boolean }, ack: Ack<null>) => void;
  'conversation.read': (p: z.input<typeof ZSocketRead>, ack: Ack<{ seq: number }>) => void;
}

export interface AgentHandshakeAuth {
  token: string;
  lastSeq?: number;
  protocolVersion?: number;
}
export interface VisitorHandshakeAuth {
  sessionToken: string;
  lastSeq?: number;
  protocolVersion?: number;
}
