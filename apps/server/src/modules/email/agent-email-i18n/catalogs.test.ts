/** The agents' email catalogs: every language has every string of the English one, and says it in its own words. */
import { LANGUAGES } from '@oceras/protocol/languages';
import { describe, expect, it } from 'vitest';
import { renderAgentNotice, renderWebhookDisabled } from '../agent-email-templates.js';
import { AGENT_EMAIL_CATALOGS, agentLanguage } from './index.js';

type Node = Record<string, unknown>;

/** Every leaf's path and kind ("string" or "function/<arity>"). */
function shape(node: Node, prefix = ''): string[] {
  return Object.entries(node)
    .flatMap(([key, value]) =>
      value && typeof value === 'object'
        ? shape(value as Node, `${prefix}${key}.`)
        : [`${prefix}${key}:${typeof value === 'function' ? `function/${value.length}` : typeof value}`],
    )
    .sort();
}

/** Every leaf as text: strings as they are, functions called with sample arguments. */
function texts(node: Node): string[] {
  return Object.values(node).flatMap((value) => {
    if (value && typeof value === 'object') return texts(value as Node);
    if (typeof value === 'function') return [String(value(...['Acme', 7, 'Bo'].slice(0, value.length)))];
    return [String(value)];
  });
}

describe('agent email catalogs', () => {
  const english = shape(AGENT_EMAIL_CATALOGS.en);

  it('has one catalog per language the product speaks', () => {
    expect(Object.keys(AGENT_EMAIL_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const language of LANGUAGES) {
    it(`${language}: every English string, none empty, none left in English`, () => {
      const catalog = AGENT_EMAIL_CATALOGS[language];
      expect(shape(catalog)).toEqual(english);
      for (const text of texts(catalog)) {
        expect(text.trim()).not.toBe('');
        expect(text).not.toContain('undefined');
      }
      if (language !== 'en') {
        expect(catalog.notice.intro('Ana', 'Acme')).not.toBe(AGENT_EMAIL_CATALOGS.en.notice.intro('Ana', 'Acme'));
        expect(catalog.webhookDisabled.subject).not.toBe(AGENT_EMAIL_CATALOGS.en.webhookDisabled.subject);
      }
    });
  }

  it('reads a stored language, else English', () => {
    expect(agentLanguage('fr')).toBe('fr');
    expect(agentLanguage(null)).toBe('en');
    expect(agentLanguage('xx')).toBe('en');
  });

  it('renders the notice email and the webhook email in the agent’s language', () => {
    const mail = renderAgentNotice({
      language: 'de',
      agentName: 'Ana',
      organizationName: 'Acme',
      color: '#1f6feb',
      isDigest: false,
      items: [
        { kind: 'low_rating', conversationNumber: 12, authorName: null, excerpt: 'Zu langsam', score: 1, link: 'x' },
      ],
      settingsLink: 'y',
    });
    expect(mail.subject).toBe('Unterhaltung #12 wurde mit 1/5 bewertet (Acme)');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.text).toContain('Diese E-Mails ändern: y');
    expect(renderWebhookDisabled('es', 'https://h.example', 'gone').text).toContain('una respuesta 410 Gone');
    // A faces rating by its face, in the agent's words.
    const faces = renderAgentNotice({
      language: 'fr',
      agentName: 'Ana',
      organizationName: 'Acme',
      color: '#1f6feb',
      isDigest: false,
      items: [
        {
          kind: 'low_rating',
          conversationNumber: 12,
          authorName: null,
          excerpt: null,
          score: 1,
          scale: 'faces',
          link: 'x',
        },
      ],
      settingsLink: 'y',
    });
    expect(faces.subject).toBe('La conversation n° 12 a été notée : visage triste (Acme)');
  });
});
