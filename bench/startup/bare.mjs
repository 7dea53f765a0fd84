// Baseline start-up: plain JavaScript, Fastify and a pg pool that has connected, answering /readyz.
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query('select 1');
const app = Fastify();
app.get('/readyz', async () => {
  await pool.query('select 1');
  return { ok: true };
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
