// Baseline for a cheap route: bare Fastify answering a small JSON object, no plugins, no auth.
import Fastify from 'fastify';

const app = Fastify();
app.get('/ping', async () => ({ ok: true, at: Date.now() }));
app.get('/readyz', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
