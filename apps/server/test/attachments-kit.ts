import type { TUpload } from '@oceras/protocol';
import sharp from 'sharp';
import { io, type Socket } from 'socket.io-client';
import type { TestServer } from './helpers.js';

/** Test files: a real PNG (sharp draws it), a PDF header, text. */
export const files = {
  png: async (width = 640, height = 480) =>
    sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer(),
  pdf: () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  text: (s = 'hello, world\n') => Buffer.from(s),
};

/** A local driver's URL is PUBLIC_URL's; the test server listens on a port of its own. */
export const onServer = (server: TestServer, url: string) =>
  url.startsWith('http://localhost:0') ? `${server.baseUrl}${url.slice('http://localhost:0'.length)}` : url;

/** Sends the bytes as a client would: one PUT to the URL with its headers. */
export function put(server: TestServer, upload: TUpload, bytes: Buffer, headers: Record<string, string> = {}) {
  return fetch(onServer(server, upload.uploadUrl), {
    method: upload.uploadMethod,
    headers: { ...upload.uploadHeaders, ...headers },
    body: new Uint8Array(bytes),
  });
}

/** The same without a Content-Length (chunked): the server counts the bytes as they come. */
export function putChunked(server: TestServer, upload: TUpload, bytes: Buffer) {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
  return fetch(onServer(server, upload.uploadUrl), {
    method: upload.uploadMethod,
    headers: upload.uploadHeaders,
    body,
    duplex: 'half',
  } as RequestInit);
}

export const download = (server: TestServer, url: string) => fetch(onServer(server, url), { redirect: 'follow' });

/** A socket that records every event with its payload. */
export async function listen(server: TestServer, ns: '/agent' | '/visitor', auth: Record<string, unknown>) {
  const socket: Socket = io(`${server.baseUrl}${ns}`, { transports: ['websocket'], reconnection: false, auth });
  const received: { event: string; seq?: number; data: any }[] = [];
  socket.onAny((event, payload) => received.push({ event, seq: payload?.seq, data: payload?.data ?? payload }));
  await new Promise((r) => socket.once('session.ready', r));
  return { socket, received, close: () => socket.disconnect() };
}
