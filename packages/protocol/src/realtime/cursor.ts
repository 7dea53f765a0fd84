/**
 * The client's position in its stream: the highest `seq` applied. It is sent as `auth.lastSeq` on every reconnect
 * so that the server replays exactly what was missed (R4), and it drops what was already applied (an event replayed
 * or delivered twice). A gap is not the client's to fill: the server delivers N only after N-1 (R3), or says
 * `sync.required` (R5).
 */
export class StreamCursor {
  lastSeq: number | undefined;

  /** Whether an envelope is new: its seq moves the position, and the caller applies it only then. */
  accept(seq: number): boolean {
    if (this.lastSeq !== undefined && seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    return true;
  }

  /** `session.ready`: the server's position after replay, which never moves the client back. */
  ready(seq: number) {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
  }

  /** `sync.required`: follow the stream from the server's head, even one below ours (a server whose head went back). */
  restart(seq: number) {
    this.lastSeq = seq;
  }

  /** No position: the next handshake replays nothing and the state comes over REST. */
  forget() {
    this.lastSeq = undefined;
  }
}
