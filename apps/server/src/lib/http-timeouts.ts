import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions, FastifyServerOptions, onRequestHookHandler } from 'fastify';

/**
 * How long a client may take to send a request. Fastify turns Node's request timeout off (0), so a client that
 * drips a body a byte at a time held its socket for as long as it liked (20 such sockets were still open after
 * 320 s). Node enforces these on HTTP requests only: a Socket.IO connection upgraded to a WebSocket is no longer
 * an HTTP request, and a long-poll GET is fully received at once (only its answer waits), so neither is cut.
 */
export function httpTimeouts(requestTimeoutMs: number, uploadTimeoutMs: number) {
  return {
    // No request may take longer than this, headers and body; Node then answers 408 and closes. It is the longest
    // an upload may take: every other body is held to requestTimeoutMs by bodyDeadline below, which Node cannot
    // do per route.
    requestTimeout: Math.max(requestTimeoutMs, uploadTimeoutMs),
    // Longer than the idle timeout of the proxies in front (nginx and cloud load balancers: 60 s), so the server
    // never closes a kept-alive connection the proxy is about to reuse. Fastify's default, written down.
    keepAliveTimeout: 72_000,
    // Off, as in Fastify: an idle socket is not a slow request. A polling Socket.IO client's GET waits up to
    // 25 s for data without a byte on the wire, and an idle kept-alive connection ends with keepAliveTimeout.
    connectionTimeout: 0,
    http: {
      // Headers come in one packet from any real client; a slow trickle of them is cut sooner than a body.
      headersTimeout: Math.min(requestTimeoutMs, 10_000),
      // Node checks the timeouts above every this often (30 s by default, which would let a 30 s limit
      // stretch to a minute): a quarter of the limit, between 250 ms and 5 s.
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 4))),
    },
  } satisfies Partial<FastifyHttpOptions<Server>>;
}

/**
 * Every request body must arrive within `requestTimeoutMs`, except an upload's (`isUpload`): a 25 MB file on a slow
 * phone link takes minutes, so an upload may take as long as Node's outer limit (UPLOAD_TIMEOUT_MS) while its bytes
 * keep coming, and is cut when none arrive for `requestTimeoutMs`. Requests without a body are whole once their
 * headers are (headersTimeout). Too slow: a 408 in the one error shape, then the socket is closed.
 */
export function bodyDeadline(requestTimeoutMs: number, isUpload: (method: string, url: string) => boolean) {
  const onRequest: onRequestHookHandler = (req, reply, done) => {
    const raw = req.raw;
    const length = raw.headers['content-length'];
    const hasBody = length !== undefined ? length !== '0' : raw.headers['transfer-encoding'] !== undefined;
    if (!hasBody || raw.complete) return done();
    const patient = isUpload(req.method, req.url);
    const socket = raw.socket;
    let bytesBefore = socket.bytesRead;
    const check = () => {
      if (raw.complete || socket.destroyed) return;
      if (patient && socket.bytesRead > bytesBefore) {
        bytesBefore = socket.bytesRead;
        timer = setTimeout(check, requestTimeoutMs).unref();
        return;
      }
      answerTooSlow(socket);
    };
    let timer = setTimeout(check, requestTimeoutMs).unref();
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  };
  return onRequest;
}

/**
 * How long closing the server waits for requests still in flight before it cuts them. Node's server.close() waits
 * for every request to end, and an upload may take an hour (UPLOAD_TIMEOUT_MS): a close that waited on one never
 * ended. A deployment drains first (SHUTDOWN_DRAIN_MS, main.ts); what is still arriving after this is cut, and the
 * client, told nothing, retries from a new URL (an upload) or another process (anything else).
 */
export const closeGraceMs = (requestTimeoutMs: number) => Math.min(requestTimeoutMs, 5_000);

function answerTooSlow(socket: Socket) {
  writeClientError(socket, 408);
  socket.destroy();
}

const CLIENT_ERRORS: Record<string, number> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
};

/**
 * What Node answers before any route runs (a request that timed out, headers too large, bytes that are not
 * HTTP), in the one error shape instead of Fastify's own; then the socket is closed, as Fastify does.
 */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (err, socket) => {
  if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
  writeClientError(socket, CLIENT_ERRORS[(err as NodeJS.ErrnoException).code ?? ''] ?? 400);
  socket.destroy(err);
};

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['Bad Request', 'the request is not valid HTTP'],
  408: ['Request Timeout', 'the request took too long to arrive'],
  431: ['Request Header Fields Too Large', 'the request headers are too large'],
};

/** An answer written straight on the socket, for requests no route will answer. */
function writeClientError(socket: { writable: boolean; write(s: string): unknown }, status: number) {
  const [text, message] = STATUS_TEXT[status] ?? STATUS_TEXT[400]!;
  const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
}
