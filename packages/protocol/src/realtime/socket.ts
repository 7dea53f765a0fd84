/**
 * What the realtime client needs of a socket: Socket.IO's client has it, and so does a test's stand-in. Each app
 * makes its own (`io(url, { autoConnect: false, reconnection: false })`), so the client imports no transport.
 */
export interface MinimalSocket {
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  emit(event: string, ...args: any[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  /** Read by Socket.IO on every (re)connect: the client sets a function that builds the handshake's auth then. */
  auth: object | ((cb: (data: object) => void) => void);
}

/** The error of a refused handshake: Socket.IO's `connect_error` carries the server's `{ code, message }` in `data`. */
export interface HandshakeError {
  message?: string;
  data?: { code?: string; message?: string };
}
