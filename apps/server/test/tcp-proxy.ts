/**
 * A TCP proxy for fault tests: forwards loopback connections to a real server (PostgreSQL, Redis) until it is cut.
 * `cut()` resets every open connection and refuses new ones, as a server that went away; `restore()` lets them
 * through again. `stall()` keeps every connection open but carries nothing (a half-open link, a frozen peer) until
 * `resume()`; `setLatency(ms)` delays every chunk both ways. This machine has no netem or toxiproxy; a few lines of
 * `net` are enough.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections currently forwarded. */
  readonly open: number;
  cut(): void;
  restore(): void;
  stall(): void;
  resume(): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let isCut = false;
  let held: (() => void)[] | null = null;
  let latencyMs = 0;
  const pairs = new Set<[net.Socket, net.Socket]>();
  // Chunk by chunk rather than pipe(), so that a stall can hold them and a latency delay them, in order.
  const relay = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk: Buffer) => {
      const send = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (held) held.push(send);
      else if (latencyMs) setTimeout(send, latencyMs);
      else send();
    });
  const server = net.createServer((client) => {
    if (isCut) return void client.resetAndDestroy();
    const upstream = net.connect(target);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const proxy: TcpProxy = {
    port,
    get open() {
      return pairs.size;
    },
    cut() {
      isCut = true;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      isCut = false;
    },
    stall() {
      held ??= [];
    },
    resume() {
      const chunks = held ?? [];
      held = null;
      for (const send of chunks) send();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
