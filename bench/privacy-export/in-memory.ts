// Baseline for the visitor export: the same document (the visitor's conversations with their public messages),
// read in one query and built in memory with JSON.stringify, as an export without streaming would be. Bare
// Fastify and pg, no authentication: only the reading and the writing are compared.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const app = Fastify();
app.get<{ Params: { id: string } }>('/export/:id', async (req, reply) => {
  const { rows } = await pool.query(
    `select c.id as conversation_id, c.status, c.created_at as conversation_created_at, c.last_activity_at,
            m.id, m.seq, m.client_id, m.type, m.author_type, m.author_id, m.body, m.system, m.created_at
     from conversations c join messages m on m.conversation_id = c.id and m.type = 'message'
     where c.visitor_id = $1 order by c.created_at, c.id, m.seq`,
    [req.params.id],
  );
  const conversations = new Map<string, { id: string; status: string; messages: unknown[] }>();
  for (const r of rows) {
    let c = conversations.get(r.conversation_id);
    if (!c) {
      c = { id: r.conversation_id, status: r.status, messages: [] };
      conversations.set(r.conversation_id, c);
    }
    c.messages.push({
      id: r.id,
      conversationId: r.conversation_id,
      seq: r.seq,
      clientId: r.client_id,
      type: r.type,
      author: {
        type: r.author_type,
        id: r.author_type === 'visitor' ? r.author_id : null,
        name: null,
        avatarUrl: null,
      },
      body: r.body,
      system: r.system,
      createdAt: r.created_at.toISOString(),
    });
  }
  reply.header('content-type', 'application/json; charset=utf-8');
  return JSON.stringify({ format: 'baseline', conversations: [...conversations.values()] });
});
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void Promise.all([app.close(), pool.end()]).then(() => process.exit(0)));
