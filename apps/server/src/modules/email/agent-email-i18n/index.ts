import { isLanguage, type TLanguage } from '@oceras/protocol/languages';
import { de } from './de.js';
import { type AgentEmailStrings, en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';

export type { AgentEmailStrings };

/** Every email addressed to an agent is written in their language (GET/PATCH /me), one catalog per language. */
export const AGENT_EMAIL_CATALOGS: Record<TLanguage, AgentEmailStrings> = { en, fr, de, es };

/** The agent's stored language, or English when they chose none (null) or the value is unknown. */
export function agentLanguage(stored: unknown): TLanguage {
  return isLanguage(stored) ? stored : 'en';
}

export const agentEmailStrings = (language: TLanguage): AgentEmailStrings => AGENT_EMAIL_CATALOGS[language];
