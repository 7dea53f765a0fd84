// @oceras/protocol/realtime: the realtime client the dashboard, the mobile app and the widget share. No zod, no DOM:
// the widget bundles it.
export { ACTIVITY_PING_MS, activityPinger } from './activity.js';
export { type BackoffOptions, backoffDelay } from './backoff.js';
export { newClientId } from './client-id.js';
export { type Clock, systemClock } from './clock.js';
export { StreamCursor } from './cursor.js';
export { type HandshakeAction, handshakeAction } from './handshake-policy.js';
export {
  type ConnectionState,
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RefreshOutcome,
} from './realtime-client.js';
export { type FailureShape, isRetryable, retryDelay } from './retry.js';
export type { HandshakeError, MinimalSocket } from './socket.js';
export { createTypingTracker, TYPING_EXPIRY_MS, type TypingState, type TypingTracker, typistOf } from './typing.js';
