/**
 * Steady load for the fault suite, in a process of its own (node --import tsx faults/load-worker.ts, started by
 * faults/load.ts with an IPC channel). Visitors (or agents) each keep an outbox as the real clients do: one message
 * in flight at a time, in order, retried with the same clientId until acknowledged. Everything acknowledged and
 * everything received on the sockets is reported to the test, which compares it with the database.
 */
import { randomUUID } from 'node:crypto';
import type { AckResult } from '@oceras/protocol';
import { ApiError, createClient, type OcerasClient } from '@oceras/protocol/client';
import { io, type Socket } from 'socket.io-client';

export interface LoadConfig {
  role: 'visitor' | 'agent';
  /** The processes to spread the clients over (a client whose process dies moves to the next one). */
  baseUrls: string[];
  widgetKey?: string;
  /** Agents' access tokens, one client each. */
  tokens?: string[];
  /**
   * Their refresh tokens, in the same order: given, each agent renews its access token every 10 minutes, as the
   * apps do before the 15-minute expiry (a run longer than that, such as the soak, needs it: a socket's reconnection
   * with an expired token is refused for good).
   */
  refreshTokens?: string[];
  /** Visitors to create (role visitor). */
  count?: number;
  /** Messages per second from this worker, spread round-robin over its clients. */
  ratePerSec: number;
  /** Second octet of the clients' addresses (X-Forwarded-For), so every per-address limit applies per client. */
  addressOctet: number;
  /**
   * Long runs (the soak bench): each client checks its stream as it goes and reports counts, not every event;
   * and this many sockets a second, chosen at random, drop and come back after up to a second (0: none).
   */
  summary?: boolean;
  churnPerSec?: number;
}

export interface Ack {
  clientId: string;
  conversationId: string;
  /** When it was first tried and when it was acknowledged (ms since the epoch). */
  firstTriedAt: number;
  ackedAt: number;
}
export interface Delivery {
  seq: number;
  event: string;
  messageId?: string;
  conversationId: string;
}
export interface LoadReport {
  acks: Ack[];
  pending: number;
  /** Refusals and failures by kind: `rest 503`, `socket UNAVAILABLE`, `socket timeout`, `network`… */
  failures: Record<string, number>;
  /** What each follower received, in order of arrival; a visitor's own conversation with it. */
  deliveries: {
    who: string;
    conversationId?: string;
    events: Delivery[];
    syncRequired: number;
    /** With `summary`: the messages received, and the events whose seq was not above the one before. */
    messages?: number;
    outOfOrder?: number;
    reconnects?: number;
  }[];
}

type Outgoing = { clientId: string; body: string; firstTriedAt: number };

const cfg = JSON.parse(process.env.FAULT_LOAD ?? '{}') as LoadConfig;
const acks: Ack[] = [];
const failures: Record<string, number> = {};
const fail = (kind: string) => {
  failures[kind] = (failures[kind] ?? 0) + 1;
};

class Client {
  readonly queue: Outgoing[] = [];
  readonly events: Delivery[] = [];
  syncRequired = 0;
  messages = 0;
  outOfOrder = 0;
  reconnects = 0;
  private lastEventSeq = -1;
  socket!: Socket;
  private lastSeq: number | undefined;
  private sending = false;
  private urlIndex: number;
  conversations: string[] = [];

  constructor(
    readonly who: string,
    readonly address: string,
    readonly credentials: Record<string, string>,
    index: number,
  ) {
    this.urlIndex = index % cfg.baseUrls.length;
  }

  get baseUrl() {
    return cfg.baseUrls[this.urlIndex]!;
  }

  api(): OcerasClient {
    const token = this.credentials.token ?? this.credentials.sessionToken;
    return createClient({ baseUrl: this.baseUrl, getToken: () => token, headers: { 'x-forwarded-for': this.address } });
  }

  connect(ns: '/agent' | '/visitor') {
    this.socket = io(`${this.baseUrl}${ns}`, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 1000,
      extraHeaders: { 'x-forwarded-for': this.address },
      auth: (cb) => cb({ ...this.credentials, ...(this.lastSeq !== undefined ? { lastSeq: this.lastSeq } : {}) }),
    });
    // A process that went away: the next reconnection tries the next one (a load balancer would).
    this.socket.io.on('reconnect_attempt', () => {
      this.urlIndex = (this.urlIndex + 1) % cfg.baseUrls.length;
      (this.socket.io as unknown as { uri: string }).uri = `${this.baseUrl}${ns}`;
    });
    for (const event of ['message.created', 'conversation.created']) {
      this.socket.on(event, (e: { seq: number; data: { id: string; conversationId?: string } }) => {
        if (cfg.summary) {
          if (e.seq <= this.lastEventSeq) this.outOfOrder += 1;
          this.lastEventSeq = e.seq;
          if (event === 'message.created') this.messages += 1;
        } else
          this.events.push({
            seq: e.seq,
            event,
            messageId: event === 'message.created' ? e.data.id : undefined,
            conversationId: e.data.conversationId ?? e.data.id,
          });
        this.lastSeq = e.seq;
        if (cfg.role === 'agent' && event === 'conversation.created') this.conversations.push(e.data.id);
      });
    }
    this.socket.on('session.ready', (p: { seq: number }) => {
      this.lastSeq = p.seq;
    });
    this.socket.on('sync.required', () => {
      this.syncRequired += 1;
    });
    return new Promise<void>((resolve) => this.socket.once('session.ready', () => resolve()));
  }

  enqueue(conversationId: string) {
    this.queue.push({ clientId: randomUUID(), body: `load ${this.who} ${Date.now()}`, firstTriedAt: Date.now() });
    void this.drain(conversationId);
  }

  /** One in flight, in order; a failure waits a little and tries the same message again. */
  async drain(conversationId: string) {
    if (this.sending) return;
    this.sending = true;
    while (this.queue.length) {
      const m = this.queue[0]!;
      const outcome = await this.send(conversationId, m);
      if (outcome === 'retry') {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      if (outcome === 'acked')
        acks.push({ clientId: m.clientId, conversationId, firstTriedAt: m.firstTriedAt, ackedAt: Date.now() });
      this.queue.shift();
    }
    this.sending = false;
  }

  /**
   * True once the message is settled: acknowledged, or refused for good (a rule, not a fault: the outbox drops it, as
   * the apps' outboxes do). False to try it again.
   */
  private async send(conversationId: string, m: Outgoing): Promise<'acked' | 'refused' | 'retry'> {
    if (this.socket.connected) {
      try {
        const ack = (await this.socket
          .timeout(10_000)
          .emitWithAck('message.send', { conversationId, clientId: m.clientId, body: m.body })) as AckResult<unknown>;
        if (ack.ok) return 'acked';
        fail(`socket ${ack.error.code}`);
        if (ack.error.code === 'RATE_LIMITED') await new Promise((r) => setTimeout(r, ack.error.retryAfterMs ?? 1000));
        return ack.error.code === 'UNAVAILABLE' || ack.error.code === 'RATE_LIMITED' ? 'retry' : 'refused';
      } catch {
        fail('socket timeout');
        return 'retry';
      }
    }
    try {
      const body = { clientId: m.clientId, body: m.body };
      if (cfg.role === 'visitor') await this.api().call('sendVisitorMessage', { params: { id: conversationId }, body });
      else await this.api().call('sendMessage', { params: { id: conversationId }, body });
      return 'acked';
    } catch (err) {
      if (err instanceof ApiError) {
        fail(`rest ${err.status}`);
        return err.status === 503 || err.status === 429 || err.status === 408 || err.status >= 500
          ? 'retry'
          : 'refused';
      }
      fail('network');
      this.urlIndex = (this.urlIndex + 1) % cfg.baseUrls.length;
      return 'retry';
    }
  }
}

/** Retries a setup call through a brief outage, as a client would. */
async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (i > 200) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startVisitors(): Promise<{ client: Client; conversationId: string }[]> {
  const out: { client: Client; conversationId: string }[] = [];
  for (let i = 0; i < (cfg.count ?? 10); i++) {
    const address = `10.${cfg.addressOctet}.${i >> 8}.${i & 255}`;
    const boot = new Client(`v${i}`, address, {}, i);
    const session = await retrying(() =>
      boot.api().call('createWidgetSession', { body: { widgetKey: cfg.widgetKey! } }),
    );
    const client = new Client(`v${i}`, address, { sessionToken: session.sessionToken }, i);
    // Connected first, so that its stream carries the conversation from its first message on.
    await client.connect('/visitor');
    const first = { clientId: randomUUID(), body: `hello from v${i}` };
    const conversation = await retrying(() =>
      client.api().call('startConversation', { body: { clientId: randomUUID(), message: first } }),
    );
    client.conversations.push(conversation.id);
    out.push({ client, conversationId: conversation.id });
  }
  return out;
}

async function main() {
  let clients: { client: Client; conversationId: () => string | undefined }[];
  if (cfg.role === 'visitor') {
    clients = (await startVisitors()).map((v) => ({ client: v.client, conversationId: () => v.conversationId }));
  } else {
    clients = [];
    for (const [i, token] of (cfg.tokens ?? []).entries()) {
      const client = new Client(`a${i}`, `10.${cfg.addressOctet}.0.${i}`, { token }, i);
      await client.connect('/agent');
      let refreshToken = cfg.refreshTokens?.[i];
      if (refreshToken)
        setInterval(async () => {
          try {
            const pair = await createClient({
              baseUrl: client.baseUrl,
              headers: { 'x-forwarded-for': client.address },
            }).call('refresh', { body: { refreshToken: refreshToken! } });
            refreshToken = pair.refreshToken;
            // The socket's auth callback reads the credentials at each (re)connection.
            client.credentials.token = pair.accessToken;
          } catch {
            fail('refresh');
          }
        }, 600_000).unref();
      // Agents answer the conversations they have seen start, round-robin.
      let next = 0;
      clients.push({ client, conversationId: () => client.conversations[next++ % (client.conversations.length || 1)] });
    }
  }
  let turn = 0;
  let tick: NodeJS.Timeout | undefined;
  const go = () => {
    tick ??= setInterval(() => {
      const c = clients[turn++ % clients.length]!;
      const id = c.conversationId();
      if (id) c.client.enqueue(id);
    }, 1000 / cfg.ratePerSec);
  };
  go();
  if (cfg.churnPerSec) {
    // A socket drops (a phone changing networks, a laptop lid) and comes back with its last seq: the replay fills
    // the gap, and messages sent meanwhile go over REST.
    setInterval(() => {
      const { client } = clients[Math.floor(Math.random() * clients.length)]!;
      if (!client.socket.connected) return;
      client.reconnects += 1;
      client.socket.disconnect();
      setTimeout(() => client.socket.connect(), 100 + Math.random() * 900);
    }, 1000 / cfg.churnPerSec).unref();
  }

  const report = (): LoadReport => ({
    acks,
    pending: clients.reduce((n, c) => n + c.client.queue.length, 0),
    failures,
    deliveries: clients.map((c) => ({
      who: c.client.who,
      conversationId: cfg.role === 'visitor' ? c.client.conversations[0] : undefined,
      events: c.client.events,
      syncRequired: c.client.syncRequired,
      ...(cfg.summary && {
        messages: c.client.messages,
        outOfOrder: c.client.outOfOrder,
        reconnects: c.client.reconnects,
      }),
    })),
  });
  process.on('message', (msg: { type: 'report' | 'stop' | 'start' | 'close' }) => {
    if (msg.type === 'stop') {
      clearInterval(tick);
      tick = undefined;
    }
    if (msg.type === 'start') go();
    if (msg.type === 'close') {
      for (const c of clients) c.client.socket.disconnect();
      process.exit(0);
    }
    process.send?.({ type: 'report', report: report() });
  });
  process.send?.({ type: 'ready' });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
