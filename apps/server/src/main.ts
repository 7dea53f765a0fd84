import pino from 'pino';
import { buildApp } from './app.js';
import { type Env, EnvError, loadEnv } from './env.js';
import { loggerOptions } from './lib/logger.js';
import { seedDemo } from './seed-demo.js';

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
  const logger = pino(loggerOptions(env.LOG_LEVEL));
  const { app, services, startDraining } = await buildApp({ env, logger });
  await app.listen({ host: env.HOST, port: env.PORT });
  logger.info({ url: env.PUBLIC_URL, database: env.isEmbedded ? 'pglite' : 'postgres' }, 'Oceras is ready');
  if (env.DEMO_DATA ?? env.isEmbedded) {
    const demo = await seedDemo(app, services);
    if (demo) {
      // Printed once, on the console only (not the JSON log): the operator needs it to sign in.
      console.log(
        `\n  Oceras is running at ${env.PUBLIC_URL}\n  API docs:  ${env.PUBLIC_URL}/api/docs\n` +
          `  Demo organization: sign in as ${demo.email} / ${demo.password}\n  Widget key: ${demo.widgetKey}\n`,
      );
    }
  }

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
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
