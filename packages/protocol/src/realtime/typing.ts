import type { TypingPayload } from '../events.js';
import { type Clock, systemClock } from './clock.js';

/** conversationId -> who is typing there (agents by id, the visitor as 'visitor') -> their last signal. */
export type TypingState = Record<string, Record<string, TypingPayload>>;

/** How long a typing indicator stays without a new signal: a typist who vanishes never says "stopped". */
export const TYPING_EXPIRY_MS = 8_000;

/** Who a typing signal is about, as the key of TypingState. */
export const typistOf = (p: TypingPayload) => (p.actor.type === 'visitor' ? 'visitor' : (p.actor.id ?? 'agent'));

/**
 * Who is typing where, from `typing.updated` signals (R9: not numbered, not replayed). Each typist is forgotten
 * `expiryMs` after their last "typing" (R14), and everyone when the connection drops (the signals missed meanwhile
 * never come back). Every change is handed to `onChange` as a new object.
 */
export class TypingTracker {
  state: TypingState = {};
  private timers = new Map<string, unknown>();

  constructor(
    private onChange: (state: TypingState) => void,
    private clock: Clock = systemClock,
    private expiryMs = TYPING_EXPIRY_MS,
  ) {}

  apply(p: TypingPayload) {
    const who = typistOf(p);
    const key = `${p.conversationId}\n${who}`;
    this.clock.clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (p.isTyping)
      this.timers.set(
        key,
        this.clock.setTimeout(() => this.drop(p.conversationId, who), this.expiryMs),
      );
    this.write(p.conversationId, who, p.isTyping ? p : null);
  }

  /** Forgets one typist (their message arrived: they stopped typing it). */
  drop(conversationId: string, who: string) {
    const key = `${conversationId}\n${who}`;
    this.clock.clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.state[conversationId]?.[who]) this.write(conversationId, who, null);
  }

  clear() {
    for (const handle of this.timers.values()) this.clock.clearTimeout(handle);
    this.timers.clear();
    if (Object.keys(this.state).length === 0) return;
    this.state = {};
    this.onChange(this.state);
  }

  private write(conversationId: string, who: string, p: TypingPayload | null) {
    const here = { ...this.state[conversationId] };
    if (p) here[who] = p;
    else delete here[who];
    this.state = { ...this.state, [conversationId]: here };
    this.onChange(this.state);
  }
}
