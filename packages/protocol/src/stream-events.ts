/**
 * The numbered events (SPEC R3) of each audience: stored with a sequence and replayed after a reconnect. The server
 * fans out exactly these and the realtime client follows their seq, so both read this one list. No zod here: the
 * widget's realtime client imports it.
 */
export const AGENT_STREAM_EVENTS = [
  'message.created',
  'attachment.ready',
  'conversation.created',
  'conversation.updated',
  'agent.updated',
  'agent.removed',
  'visitor.erased',
  'event.erased',
  'organization.updated',
  'contact.created',
  'contact.updated',
] as const;
export type AgentStreamEvent = (typeof AGENT_STREAM_EVENTS)[number];

export const VISITOR_STREAM_EVENTS = [
  'message.created',
  'attachment.ready',
  'conversation.created',
  'conversation.updated',
] as const satisfies readonly AgentStreamEvent[];
export type VisitorStreamEvent = (typeof VISITOR_STREAM_EVENTS)[number];
