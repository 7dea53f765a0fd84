import { isOpenAt, nextOpening, type ZonedHours } from '@oceras/protocol/business-hours';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { conversations, messages } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import type { Services } from '../../services.js';
import { type AutoReplySettings, autoReplySettings, hoursOfTeam } from './auto-reply-settings.js';
import { autoReplyText, emailOffer, replyLocale } from './auto-reply-text.js';
import { hasMessage, lockForAutoReply, writeAutoReply } from './write-auto-reply.js';

/** A visitor writing out of hours after this long without a message gets the out-of-hours reply again. */
export const QUIET_MS = 30 * 60_000;
/** Hours that never open: the out-of-hours reply is not repeated for this long. */
const NEVER_OPENS_MS = 365 * 86_400_000;

export type VisitorActivity = { kind: 'conversation-started' } | { kind: 'message'; seq: number; createdAt: string };

/**
 * After a new conversation or a visitor's message is committed: the greeting or the out-of-hours reply when one is
 * due. Not awaited by the caller (the visitor's message is answered first) and never on the append statement: the
 * organization's settings are cached (auto-reply-settings.ts), so with its replies off a message costs nothing more.
 */
export function replyToVisitor(
  services: Services,
  organizationId: string,
  conversationId: string,
  activity: VisitorActivity,
): void {
  const done = reply(services, organizationId, conversationId, activity)
    .catch((err: unknown) => {
      services.errors.report(err, 'automatic reply');
    })
    .finally(() => inFlight.delete(done));
  inFlight.add(done);
}
const inFlight = new Set<Promise<void>>();

/** Every automatic reply started so far has been written or given up (tests wait on it before "nothing came"). */
export async function autoRepliesIdle(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

/**
 * Which reply, if any: out of the conversation's hours (`hoursOfTeam`), the out-of-hours reply (it replaces the
 * greeting of a conversation started then: one automatic message, not two); otherwise the greeting for a new
 * conversation.
 */
export function dueReply(settings: AutoReplySettings, hours: ZonedHours, activity: VisitorActivity, now: Date) {
  const { greeting, outOfHours } = settings.replies;
  if (outOfHours.enabled && !isOpenAt(hours.businessHours, hours.timeZone, now)) return 'outOfHours' as const;
  if (activity.kind === 'conversation-started' && greeting.enabled) return 'greeting' as const;
  return null;
}

/**
 * Could any reply be due, before the conversation is read: with the organization's hours, or any team's that is
 * closed now (which hours apply is known once the conversation is locked). Nothing due: no transaction at all.
 */
function mayReply(settings: AutoReplySettings, activity: VisitorActivity, now: Date) {
  if (dueReply(settings, hoursOfTeam(settings, null), activity, now)) return true;
  if (!settings.replies.outOfHours.enabled) return false;
  for (const hours of settings.teamHours.values()) if (!isOpenAt(hours, settings.timeZone, now)) return true;
  return false;
}

async function reply(services: Services, organizationId: string, conversationId: string, activity: VisitorActivity) {
  const settings = await autoReplySettings(services.db, services.env, organizationId);
  if (!settings) return;
  const now = services.clock();
  if (!mayReply(settings, activity, now)) return;
  await inTransaction(services, async (tx, uow) => {
    const row = await lockForAutoReply(tx, organizationId, conversationId);
    if (!row) return;
    const hours = hoursOfTeam(settings, row.conv.teamId);
    const kind = dueReply(settings, hours, activity, now);
    if (!kind) return;
    if (kind === 'greeting') {
      if (await hasMessage(tx, row.conv.id, 'auto:greeting')) return;
      const body = autoReplyText(settings.replies.greeting.text, row.locale);
      await writeAutoReply(tx, uow, row.conv, { kind, body, clientId: 'auto:greeting' });
      return;
    }
    // Once per closed period: none again before the opening time the last one named.
    if (row.conv.outOfHoursUntil && row.conv.outOfHoursUntil > now) return;
    if (activity.kind === 'message' && !(await isAfterQuiet(tx, row.conv.id, activity))) return;
    const text = settings.replies.outOfHours.text;
    const locale = replyLocale(text, row.locale);
    const body = [
      autoReplyText(text, row.locale),
      ...(settings.hasEmailFollowUp ? [emailOffer(locale, row.email !== null)] : []),
    ].join('\n\n');
    const until = nextOpening(hours.businessHours, hours.timeZone, now) ?? new Date(now.getTime() + NEVER_OPENS_MS);
    await writeAutoReply(tx, uow, row.conv, { kind, body, clientId: `auto:out-of-hours:${until.toISOString()}` });
    await tx
      .update(conversations)
      .set({ outOfHoursUntil: until })
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.id, row.conv.id)));
  });
}

/** The visitor's message came after at least `QUIET_MS` without a public message before it (or is the first). */
async function isAfterQuiet(tx: Tx, conversationId: string, activity: { seq: number; createdAt: string }) {
  const [before] = await tx
    .select({ at: messages.createdAt })
    .from(messages)
    .where(
      and(eq(messages.conversationId, conversationId), lt(messages.seq, activity.seq), eq(messages.type, 'message')),
    )
    .orderBy(desc(messages.seq))
    .limit(1);
  return !before || Date.parse(activity.createdAt) - before.at.getTime() >= QUIET_MS;
}
