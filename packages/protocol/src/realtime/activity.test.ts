import { describe, expect, it } from 'vitest';
import { ACTIVITY_PING_MS, activityPinger } from './activity.js';

describe('activityPinger', () => {
  it('sends at most once a minute, and again as soon as a send failed (the socket was down)', () => {
    let t = 0;
    let isUp = true;
    let sent = 0;
    const ping = activityPinger(
      () => {
        if (isUp) sent++;
        return isUp;
      },
      () => t,
    );
    ping();
    ping();
    expect(sent).toBe(1);
    t = ACTIVITY_PING_MS - 1;
    ping();
    expect(sent).toBe(1);
    t = ACTIVITY_PING_MS;
    isUp = false;
    ping();
    expect(sent).toBe(1);
    isUp = true;
    t += 1;
    ping();
    expect(sent).toBe(2);
  });
});
