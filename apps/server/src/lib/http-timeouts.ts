import type { Server } from 'node:http';
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify';

/**
 * How long a client may take to send a request. Fastify turns Node's request timeout off (0), so a client that
 * drips a body a byte at a time held its socket for as long as it liked (20 such sockets were still open after
 * 320 s). Node enforces these on HTTP requests only: a Socket.IO connection upgraded to a WebSocket is no longer
 * an HTTP request, and a long-poll GET is fully received at once (only its answer waits), so neither is cut.
 */
export function httpTimeouts(requestTimeoutMs: number) {
  return {
    // The whole request, headers and body, must arrive within this; Node then answers 408 and closes.
    requestTimeout: requestTimeoutMs,
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

const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request took too long to arrive'],
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
};

/**
 * What Node answers before any route runs (a request that timed out, headers too large, bytes that are not
 * HTTP), in the one error shape instead of Fastify's own; then the socket is closed, as Fastify does.
 */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (err, socket) => {
  if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = CLIENT_ERRORS[(err as NodeJS.ErrnoException).code ?? ''] ?? [
    400,
    'the request is not valid HTTP',
  ];
  const body = JSON.stringify({ error: { code: 'VALIDATION_FAILED', message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Connection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
};
