/** Apps tell the server their person is here (`agent.active`) at most this often: away after inactivity needs no more. */
export const ACTIVITY_PING_MS = 60_000;

/**
 * The agents' apps' activity ping (away after inactivity, the organization's setting): call the answer at every
 * sign of a person (a key, a tap, the app brought to the front); it sends at most once per ACTIVITY_PING_MS, and
 * only when `send` says it could (the socket is up).
 */
export function activityPinger(send: () => boolean, now: () => number = Date.now): () => void {
  let sentAt = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - sentAt < ACTIVITY_PING_MS) return;
    if (send()) sentAt = at;
  };
}
