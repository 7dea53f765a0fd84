// The baseline the message pipeline is measured against: a bare Node process that, per posted message, does one
// plain INSERT with `pg` and one plain Socket.IO room emit. No auth, no validation, no events table, no ordering.
import http from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`create table if not exists baseline_messages (
  id bigserial primary key, conversation_id text not null, client_id text, body text not null,
  created_at timestamptz not null default now())`);

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const m = /^\/conversations\/([^/]+)\/messages$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !m) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const { clientId, body } = JSON.parse(Buffer.concat(chunks).toString()) as { clientId: string; body: string };
      const { rows } = await pool.query(
        'insert into baseline_messages (conversation_id, client_id, body) values ($1, $2, $3) returning id, created_at',
        [m[1], clientId, body],
      );
      const message = { id: rows[0].id, conversationId: m[1], clientId, body, createdAt: rows[0].created_at };
      // The conversation's organization is the label before the dot (harness.ts, setupBaseline).
      io.of('/agent')
        .to(`org:${m[1]!.split('.')[0]}`)
        .emit('message.created', { data: message });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
});
const io = new Server(server, { serveClient: false });
io.of('/agent').on('connection', (socket) => socket.join(`org:${String(socket.handshake.auth.org ?? '0')}`));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  io.close();
  void pool.end().then(() => process.exit(0));
});
