import { z } from 'zod';
import { ZId, ZNonEmptyText, ZTimestamp } from './common.js';
import type { TContact } from './contacts.js';
import type { TCustomFieldValues } from './custom-field-rules.js';
import type { TCustomAttributes } from './identity.js';

/** What an API token may reach: read or write per resource; write implies read (scopeAllows). */
export const API_SCOPE_RESOURCES = ['conversations', 'messages', 'contacts', 'reports', 'settings'] as const;
export type TApiScopeResource = (typeof API_SCOPE_RESOURCES)[number];
export const API_SCOPES = API_SCOPE_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as const);
export const ZApiScope = z.enum(API_SCOPES as [TApiScope, ...TApiScope[]]);
export type TApiScope = `${TApiScopeResource}:${'read' | 'write'}`;

/** Every API token starts with this, so secret scanners (and people) recognise a leaked one. */
export const API_TOKEN_PREFIX = 'oce_';

/** The one rule of scopes: a token holding `x:write` may do what `x:read` allows. */
export function scopeAllows(granted: readonly TApiScope[], needed: TApiScope): boolean {
  if (granted.includes(needed)) return true;
  const [resource, access] = needed.split(':') as [TApiScopeResource, 'read' | 'write'];
  return access === 'read' && granted.includes(`${resource}:write`);
}

export const ZApiTokenKind = z.enum(['organization', 'personal']);
export type TApiTokenKind = z.infer<typeof ZApiTokenKind>;

export const ZCreateApiTokenRequest = z.strictObject({
  name: ZNonEmptyText(80),
  scopes: z
    .array(ZApiScope)
    .min(1)
    .max(API_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, { message: 'each scope once' }),
  /** After this time the token is refused (401); none: until revoked. */
  expiresAt: ZTimestamp.refine((t) => Date.parse(t) > Date.now(), { message: 'must be in the future' })
    .refine((t) => Date.parse(t) < Date.UTC(10_000, 0), { message: 'must be before year 10000' })
    .optional(),
  /** `organization` (admins only): the organization's integration; `personal` (default): acts as its creator. */
  kind: ZApiTokenKind.default('personal'),
});
export type TCreateApiTokenRequest = z.input<typeof ZCreateApiTokenRequest>;

/** A token as listed: never its secret. */
export const ZApiToken = z.object({
  id: ZId,
  name: z.string(),
  kind: ZApiTokenKind,
  scopes: z.array(ZApiScope),
  /** The token's first characters (`oce_` and 8 more), to recognise it. */
  prefix: z.string(),
  creator: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZTimestamp,
  expiresAt: ZTimestamp.nullable(),
  lastUsedAt: ZTimestamp.nullable(),
  lastUsedIp: z.string().nullable(),
});
export type TApiToken = z.infer<typeof ZApiToken>;
/** Answered once, at creation: `token` is the secret and is not kept. */
export const ZCreatedApiToken = ZApiToken.extend({ token: z.string() });
export const ZApiTokenList = z.object({ tokens: z.array(ZApiToken) });

/** What a webhook subscription can listen to. Notes only go to subscriptions listing `note.created`. */
export const WEBHOOK_EVENTS = [
  'conversation.created',
  'conversation.updated',
  'conversation.resolved',
  /** The visitor rated the conversation (or rated it again): the conversation, with its `rating`. */
  'conversation.rated',
  'message.created',
  'note.created',
  /** A contact (visitor) appeared: a widget visitor, a verified user's first visit, an import or an email sender. */
  'contact.created',
  /** A contact's name, email, phone, company, verified user id or custom attributes changed, or another was merged into it. */
  'contact.updated',
  /** A contact was erased (privacy policy §7): delete what you copied of them. Carries ids only. */
  'contact.erased',
] as const;
export const ZWebhookEvent = z.enum(WEBHOOK_EVENTS);
export type TWebhookEvent = z.infer<typeof ZWebhookEvent>;

/** The header names of a delivery; the signature is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'Oceras-Signature';
export const WEBHOOK_DELIVERY_HEADER = 'Oceras-Delivery';

const ZWebhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => ![...u].some((c) => c.charCodeAt(0) <= 0x20), {
    message: 'must not contain spaces or control characters',
  });
const ZWebhookEvents = z
  .array(ZWebhookEvent)
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .refine((s) => new Set(s).size === s.length, { message: 'each event once' });

export const ZCreateWebhookRequest = z.strictObject({
  url: ZWebhookUrl,
  events: ZWebhookEvents,
  /** The signing secret; one is generated when absent. */
  secret: z
    .string()
    .min(16)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
});
export type TCreateWebhookRequest = z.input<typeof ZCreateWebhookRequest>;
export const ZCreatedWebhook = z.object({ id: ZId, secret: z.string() });

export const ZUpdateWebhookRequest = z
  .strictObject({ url: ZWebhookUrl, events: ZWebhookEvents, enabled: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one of url, events, enabled' });
export type TUpdateWebhookRequest = z.input<typeof ZUpdateWebhookRequest>;

export const ZWebhook = z.object({
  id: ZId,
  url: z.string(),
  events: z.array(ZWebhookEvent),
  isEnabled: z.boolean(),
  /** Why the server turned it off (410 Gone, failing for 3 days); null when on or turned off by an admin. */
  disabledReason: z.string().nullable(),
  /** Since when every delivery has failed; null while deliveries succeed. */
  failingSince: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TWebhook = z.infer<typeof ZWebhook>;
export const ZWebhookList = z.object({ webhooks: z.array(ZWebhook) });

export const ZWebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'cancelled']);
export const ZWebhookAttempt = z.object({
  id: ZId,
  at: ZTimestamp,
  /** The receiver's HTTP status; null when no answer came (refused address, network error, timeout). */
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  /** At most the first 2 KB of the receiver's answer. */
  responseExcerpt: z.string().nullable(),
});
export type TWebhookAttempt = z.infer<typeof ZWebhookAttempt>;
export const ZWebhookDelivery = z.object({
  id: ZId,
  type: ZWebhookEvent,
  status: ZWebhookDeliveryStatus,
  createdAt: ZTimestamp,
  nextAttemptAt: ZTimestamp.nullable(),
  /** Newest first. */
  attempts: z.array(ZWebhookAttempt),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;
export const ZWebhookDeliveryList = z.object({ deliveries: z.array(ZWebhookDelivery) });
export const ZDeliveryParams = z.strictObject({ id: ZId, deliveryId: ZId });

/**
 * What changed in a `contact.updated` (`merged`: another contact became this one, named by `mergedFrom`;
 * `customFields`: the values of the organization's contact fields).
 */
export const CONTACT_CHANGES = [
  'name',
  'email',
  'phone',
  'company',
  'userId',
  'customAttributes',
  'customFields',
  'merged',
] as const;
export type TContactChange = (typeof CONTACT_CHANGES)[number];
/** The contact in a contact event's `data`: the contacts list's row, its custom attributes and field values. */
export type TContactEventContact = TContact & { customAttributes: TCustomAttributes; customFields: TCustomFieldValues };
/** `data` of each contact event. */
export interface ContactEventData {
  'contact.created': TContactEventContact;
  'contact.updated': { contact: TContactEventContact; changes: TContactChange[]; mergedFrom?: string };
  'contact.erased': { visitorId: string; conversationIds: string[] };
}

/** The JSON body of every delivery. */
export interface WebhookPayload<T = unknown> {
  /** The delivery's id (as in `Oceras-Delivery`): the same on every attempt and resend, for idempotency. */
  id: string;
  type: TWebhookEvent;
  createdAt: string;
  organizationId: string;
  data: T;
}
