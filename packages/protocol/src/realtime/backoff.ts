export interface BackoffOptions {
  /** The first delay's ceiling. */
  baseMs?: number;
  /** No delay is longer than this, however many attempts failed. */
  capMs?: number;
}

/**
 * How long to wait before attempt `attempt` (0 for the first retry): the ceiling doubles from `baseMs` up to `capMs`,
 * and the delay is drawn between half of it and all of it, so that clients dropped together (a server restart) do
 * not come back together, and none retries at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random) {
  const { baseMs = 500, capMs = 5_000 } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
