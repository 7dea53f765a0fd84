import { isLanguage, type TLanguage } from '@oceras/protocol/languages';
import { ratingText } from '@oceras/protocol/notices';
import { de } from './de.js';
import { type AgentEmailStrings, en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';

export type { AgentEmailStrings };

/**
 * Every email and push addressed to an agent is written in their language (GET/PATCH /me), one catalog per
 * language: the emails (modules/email) and the pushes (modules/push) read the same one.
 */
export const AGENT_EMAIL_CATALOGS: Record<TLanguage, AgentEmailStrings> = { en, fr, de, es };

/** The agent's stored language, or English when they chose none (null) or the value is unknown. */
export function agentLanguage(stored: unknown): TLanguage {
  return isLanguage(stored) ? stored : 'en';
}

export const agentEmailStrings = (language: TLanguage): AgentEmailStrings => AGENT_EMAIL_CATALOGS[language];

/** A rating in the agent's words: "2/5" on the stars scale, the face's name on the faces scale. */
export const agentRatingText = (language: TLanguage, rating: { score: number; scale?: string | null }) =>
  ratingText(rating, AGENT_EMAIL_CATALOGS[language].rating);
