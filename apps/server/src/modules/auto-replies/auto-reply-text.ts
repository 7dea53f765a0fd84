import type { TAutoReplyText, TWidgetLocale } from '@oceras/protocol';

/**
 * The language a reply is written in: the visitor's (the widget's, `visitors.locale`) when the organization wrote
 * the reply in it, English otherwise.
 */
export function replyLocale(text: TAutoReplyText, locale: string | null): TWidgetLocale {
  const own = locale && locale !== 'en' ? text[locale as Exclude<TWidgetLocale, 'en'>]?.trim() : '';
  return own ? (locale as TWidgetLocale) : 'en';
}

/** The reply's text in `replyLocale`'s language. */
export const autoReplyText = (text: TAutoReplyText, locale: string | null): string =>
  text[replyLocale(text, locale)]?.trim() || text.en;

/** The out-of-hours reply's second paragraph when follow-up emails are on: with or without the visitor's email. */
const EMAIL_OFFER: Record<TWidgetLocale, { known: string; ask: string }> = {
  en: {
    known: 'We will also send our answer to your email address.',
    ask: 'Leave your email address and we will also answer you by email.',
  },
  fr: {
    known: 'Nous enverrons aussi notre réponse à votre adresse e-mail.',
    ask: 'Laissez votre adresse e-mail et nous vous répondrons aussi par e-mail.',
  },
  de: {
    known: 'Wir senden unsere Antwort auch an Ihre E-Mail-Adresse.',
    ask: 'Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir Ihnen auch per E-Mail.',
  },
  es: {
    known: 'También enviaremos nuestra respuesta a tu correo electrónico.',
    ask: 'Déjanos tu correo electrónico y también te responderemos por correo.',
  },
};

export const emailOffer = (locale: TWidgetLocale, hasEmail: boolean): string =>
  hasEmail ? EMAIL_OFFER[locale].known : EMAIL_OFFER[locale].ask;
