import { z } from 'zod';
import { ZText } from './common.js';
import { ZDay } from './reports.js';

// Business hours and automatic replies (issue 18). The rule that reads the hours is business-hours.ts (no zod).

const ZClock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM, 00:00 to 24:00');

export const ZOpeningRange = z
  .strictObject({
    /** 0 is Sunday, 6 Saturday (Date.getDay()). */
    day: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]),
    from: ZClock,
    to: ZClock,
  })
  .refine((r) => r.from !== '24:00' && r.from < r.to, {
    message: 'a range ends after it starts, the same day (a night shift is two ranges)',
    path: ['to'],
  });

/** When the organization answers, in its `timeZone`; null (or `enabled: false`) is always open. */
export const ZBusinessHours = z.strictObject({
  enabled: z.boolean(),
  weekly: z.array(ZOpeningRange).max(28),
  holidays: z
    .array(ZDay)
    .max(100)
    .refine((days) => new Set(days).size === days.length, { message: 'a holiday is listed once' }),
});
export type TBusinessHours = z.infer<typeof ZBusinessHours>;

/** The automatic replies' texts in the widget's languages; English is the fallback and is required when on. */
export const ZAutoReplyText = z.strictObject({
  en: ZText(1000).trim(),
  fr: ZText(1000).trim().optional(),
  de: ZText(1000).trim().optional(),
  es: ZText(1000).trim().optional(),
});
export type TAutoReplyText = z.infer<typeof ZAutoReplyText>;

const needsEnglish = <T extends { enabled: boolean; text: TAutoReplyText }>(r: T) => !r.enabled || r.text.en.length > 0;
const englishRequired = { message: 'an English text is needed to turn it on', path: ['text', 'en'] };

export const ZAutoReply = z
  .strictObject({ enabled: z.boolean(), text: ZAutoReplyText })
  .refine(needsEnglish, englishRequired);
export const ZNudgeReply = z
  .strictObject({
    enabled: z.boolean(),
    text: ZAutoReplyText,
    /** An agent's reply the visitor has not answered for this long, on an open conversation: 1 minute to a day. */
    afterMinutes: z.number().int().min(1).max(1440),
  })
  .refine(needsEnglish, englishRequired);

/**
 * Messages the server writes itself, as the organization (author type `system`, type `message`): the visitor sees
 * them like an agent's reply, in their language (the widget's, `visitors.locale`), English otherwise.
 * - greeting: once, when a conversation starts (in hours, or out of hours when the out-of-hours reply is off);
 * - outOfHours: when a conversation starts out of hours, or a visitor writes out of hours after 30 quiet minutes;
 *   once per closed period and conversation; followed by the email follow-up offer when that is on;
 * - nudge: once per conversation, when an agent's reply has gone unanswered for `afterMinutes` (open only).
 */
export const ZAutoReplies = z.strictObject({
  greeting: ZAutoReply,
  outOfHours: ZAutoReply,
  nudge: ZNudgeReply,
});
export type TAutoReplies = z.infer<typeof ZAutoReplies>;

export const DEFAULT_AUTO_REPLIES: TAutoReplies = {
  greeting: {
    enabled: false,
    text: {
      en: 'Hi! Thanks for your message. Someone from the team will be with you shortly.',
      fr: 'Bonjour ! Merci pour votre message. Quelqu’un de l’équipe vous répond très vite.',
      de: 'Hallo! Danke für Ihre Nachricht. Jemand aus dem Team meldet sich gleich bei Ihnen.',
      es: '¡Hola! Gracias por tu mensaje. Alguien del equipo te atenderá enseguida.',
    },
  },
  outOfHours: {
    enabled: false,
    text: {
      en: 'Thanks for your message! We are away right now and will answer as soon as we are back.',
      fr: 'Merci pour votre message ! Nous sommes absents pour le moment et vous répondrons dès notre retour.',
      de: 'Danke für Ihre Nachricht! Wir sind gerade nicht da und antworten, sobald wir zurück sind.',
      es: '¡Gracias por tu mensaje! Ahora no estamos disponibles y te responderemos en cuanto volvamos.',
    },
  },
  nudge: {
    enabled: false,
    afterMinutes: 10,
    text: {
      en: 'Are you still there? Reply whenever you are ready.',
      fr: 'Êtes-vous toujours là ? Répondez quand vous voulez.',
      de: 'Sind Sie noch da? Antworten Sie, wann immer Sie möchten.',
      es: '¿Sigues ahí? Responde cuando quieras.',
    },
  },
};
