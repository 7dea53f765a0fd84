import type { TypingPayload } from '../events.js';
import { type Clock, systemClock } from './clock.js';

/** conversationId -> who is typing there (agents by id, the visitor as 'visitor') -> their last signal. */
export type TypingState = Record<string, Record<string, TypingPayload>>;

/** How long a typing indicator stays without a new signal: a typist who vanishes never says "stopped". */
export const TYPING_EXPIRY_MS = 8_000;

/** Who a typing signal is about, as the key of TypingState. */
export const typistOf = (p: TypingPayload) => (p.actor.type === 'visitor' ? 'visitor' : (p.actor.id ?? 'agent'));

export interface TypingTracker {
  readonly state: TypingState;
  apply(p: TypingPayload): void;
  /** Forgets one typist (their message arrived: they stopped typing it). */
  drop(conversationId: string, who: string): void;
  clear(): void;
}

/**
 * Who is typing where, from `typing.updated` signals (R9: not numbered, not replayed). Each typist is forgotten
 * `expiryMs` after their last "typing" (R14), and everyone when the connection drops (the signals missed meanwhile
 * never come back). Every change is handed to `onChange` as a new object.
 */
export function createTypingTracker(
  onChange: (state: TypingState) => void,
  clock: Clock = systemClock,
  expiryMs = TYPING_EXPIRY_MS,
): TypingTracker {
  let state: TypingState = {};
  const timers = new Map<string, unknown>();
  const stopTimer = (key: string) => {
    clock.clearTimeout(timers.get(key));
    timers.delete(key);
  };
  const write = (conversationId: string, who: string, p: TypingPayload | null) => {
    const here = { ...state[conversationId] };
    if (p) here[who] = p;
    else delete here[who];
    state = { ...state, [conversationId]: here };
    onChange(state);
  };
  const drop = (conversationId: string, who: string) => {
    stopTimer(`${conversationId}\n${who}`);
    if (state[conversationId]?.[who]) write(conversationId, who, null);
  };
  return {
    get state() {
      return state;
    },
    apply(p) {
      const who = typistOf(p);
      const key = `${p.conversationId}\n${who}`;
      stopTimer(key);
      if (p.isTyping)
        timers.set(
          key,
          clock.setTimeout(() => drop(p.conversationId, who), expiryMs),
        );
      write(p.conversationId, who, p.isTyping ? p : null);
    },
    drop,
    clear() {
      for (const handle of timers.values()) clock.clearTimeout(handle);
      timers.clear();
      if (Object.keys(state).length === 0) return;
      state = {};
      onChange(state);
    },
  };
}
