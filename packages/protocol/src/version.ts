/**
 * Bumped when a client built against an older contract can no longer talk to the server. In a file of its own, with
 * no import, so that the realtime client (and through it the widget) can send it without bundling zod.
 */
export const PROTOCOL_VERSION = 1;
