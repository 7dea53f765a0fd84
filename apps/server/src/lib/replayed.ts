/**
 * A create that had already happened (the same `clientId` sent again): the route answers 200 with what it
 * answered the first time, instead of the route's 201 (plugins/routes.ts). Clients retry without fear, and can
 * tell a retry from a new write.
 */
export class Replayed<T> {
  constructor(readonly value: T) {}
}

/** `value` as a replay when it is one, else as is. */
export const replayedIf = <T>(isReplay: boolean, value: T): T | Replayed<T> => (isReplay ? new Replayed(value) : value);
