/**
 * zod (reached through @oceras/protocol's route table) probes `new Function('')` for its JIT when its first object
 * schema is built. The dashboard's CSP has no 'unsafe-eval', so the probe throws (zod catches it) and Chromium files a
 * CSP `eval` violation on every page. `jitless` skips the probe. This is zod's shared config object, which
 * `z.config()` writes to; it is set here without importing zod, which the dashboard does not depend on itself. It
 * must run before any schema exists, so main.tsx imports this module first.
 */
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };
