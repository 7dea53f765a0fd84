import { buildApp } from './app.js';
import { type Env, EnvError, loadEnv } from './env.js';
import { startHttpsRedirect } from './lib/https.js';
import { createProcessLogger } from './lib/logger.js';
import { hasDemoAdmin, seedDemo } from './seed-demo.js';
import { startBanner } from './start-banner.js';

/**
 * How long building the app and listening may take: generous, since PGlite's first start took over 60 s on a
 * two-core machine under a load average of 16; a start that hangs is what it catches.
 */
const START_DEADLINE_MS = 300_000;

async function main() {
  let env: Env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // stdout is held here so that the banner below goes through the same stream (and never into LOG_DIR's files).
  const { logger, stdout, files } = createProcessLogger(env);
  // A start that hangs (a plugin waiting on something that never answers) ends the process with a clear line,
  // for the supervisor to restart it, rather than leaving it up and never ready.
  const deadline = setTimeout(() => {
    logger.fatal({ ms: START_DEADLINE_MS }, 'the server did not start in time');
    process.exit(1);
  }, START_DEADLINE_MS);
  const { app, services, startDraining } = await buildApp({ env, logger });
  await app.listen({ host: env.HOST, port: env.PORT });
  clearTimeout(deadline);
  const redirect = env.HTTP_REDIRECT_PORT
    ? await startHttpsRedirect(env.HOST, env.HTTP_REDIRECT_PORT, env.PUBLIC_URL)
    : null;
  // The demo is made once the port is ours (were it taken, a demo made first would keep a password nobody saw),
  // and before "ready", which means the demo is there.
  const created =
    (env.DEMO_DATA ?? env.isEmbedded) ? await seedDemo(app, services, { password: env.DEMO_ADMIN_PASSWORD }) : null;
  const demo = { created, exists: created !== null || (await hasDemoAdmin(services)) };
  logger.info({ url: env.PUBLIC_URL, database: env.isEmbedded ? 'pglite' : 'postgres' }, 'Oceras is ready');
  // Plain text, not a JSON log line, last, on every start: the operator needs it to find and sign in. Written to
  // the log's own stream: pino writes asynchronously, and console.log overtook the lines logged before it.
  stdout.write(`${startBanner(env, demo)}\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, drainMs: env.SHUTDOWN_DRAIN_MS }, 'shutting down');
    startDraining();
    const force = setTimeout(() => process.exit(1), env.SHUTDOWN_DRAIN_MS + 10_000);
    force.unref();
    if (env.SHUTDOWN_DRAIN_MS > 0) await new Promise((r) => setTimeout(r, env.SHUTDOWN_DRAIN_MS));
    // Stops accepting, lets requests in flight finish, closes sockets without a "server disconnect" packet so
    // clients reconnect, through the load balancer, to another process and replay what they missed.
    redirect?.close();
    await app.close();
    await files?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
