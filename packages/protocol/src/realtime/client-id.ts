/**
 * A client id for a message or a conversation to start: the server stores one per id, so a retry with the same id
 * never stores twice (R8). Letters, digits, "-" and "_" (ZClientId), 8 to 64 characters; `prefix` says which app
 * made it. crypto.randomUUID where the platform has it (not every phone's JavaScript engine does).
 */
export function newClientId(prefix = '') {
  const uuid = globalThis.crypto?.randomUUID?.().replace(/-/g, '');
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}${uuid ?? `${Date.now().toString(36)}${random()}${random()}`}`.slice(0, 64);
}
