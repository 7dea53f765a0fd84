import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

export type PushMessage = { to: string; title?: string; body?: string; data?: Record<string, unknown> } & Record<
  string,
  unknown
>;
type Ticket = { status: 'ok'; id: string } | { status: 'error'; message: string; details: { error: string } };
type Receipt = { status: 'ok' } | { status: 'error'; message: string; details: { error: string } };
/** What the next send request gets instead of tickets: an HTTP status, or no answer at all. */
type Fault = { status: number } | 'hang';

/**
 * A local server that speaks Expo's push API (POST /--/api/v2/push/send and /--/api/v2/push/getReceipts), for
 * expo-server-sdk pointed at it with EXPO_BASE_URL. Pushes count as accepted only when answered with a ticket.
 */
export async function startExpoPushServer() {
  const accepted: PushMessage[] = [];
  const requests: { path: string; count: number; answered: number | 'hang' }[] = [];
  const faults: Fault[] = [];
  const unregisteredAtSend = new Set<string>();
  const unregisteredAtReceipt = new Set<string>();
  const receipts = new Map<string, Receipt>();
  const hanging: ServerResponse[] = [];
  let receiptRequests = 0;

  const readJson = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    return JSON.parse(text) as unknown;
  };
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/--/api/v2/push/send') {
      const messages = (await readJson(req)) as PushMessage[];
      const fault = faults.shift();
      requests.push({
        path: 'send',
        count: messages.length,
        answered: fault === 'hang' ? 'hang' : (fault?.status ?? 200),
      });
      if (fault === 'hang') {
        hanging.push(res);
        return;
      }
      if (fault) {
        return reply(res, fault.status, {
          errors: [{ code: fault.status === 429 ? 'TOO_MANY_REQUESTS' : 'INTERNAL_SERVER_ERROR', message: 'mock' }],
        });
      }
      const data: Ticket[] = messages.map((m) => {
        if (unregisteredAtSend.has(m.to)) {
          return {
            status: 'error',
            message: `"${m.to}" is not a registered push notification recipient`,
            details: { error: 'DeviceNotRegistered' },
          };
        }
        accepted.push(m);
        const id = randomUUID();
        receipts.set(
          id,
          unregisteredAtReceipt.has(m.to)
            ? { status: 'error', message: 'gone', details: { error: 'DeviceNotRegistered' } }
            : { status: 'ok' },
        );
        return { status: 'ok', id };
      });
      return reply(res, 200, { data });
    }
    if (req.method === 'POST' && req.url === '/--/api/v2/push/getReceipts') {
      receiptRequests++;
      const { ids } = (await readJson(req)) as { ids: string[] };
      const data: Record<string, Receipt> = {};
      for (const id of ids) {
        const r = receipts.get(id);
        if (r) data[id] = r;
      }
      return reply(res, 200, { data });
    }
    reply(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no such route' }] });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    get receiptRequests() {
      return receiptRequests;
    },
    /** The next send requests fail this way, in order. */
    fail(...next: Fault[]) {
      faults.push(...next);
    },
    unregisterAtSend: (token: string) => unregisteredAtSend.add(token),
    unregisterAtReceipt: (token: string) => unregisteredAtReceipt.add(token),
    acceptedFor: (token: string) => accepted.filter((m) => m.to === token),
    clear() {
      accepted.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}
export type ExpoPushServer = Awaited<ReturnType<typeof startExpoPushServer>>;
