// zod (reached through @oceras/protocol) probes `new Function('')` for its JIT. The dashboard's CSP has no
// 'unsafe-eval', so Chromium files a CSP `eval` violation for the probe on every page. `jitless` in zod's shared
// config object (which zod reads when its core module first runs) skips it. A classic script, before the module
// scripts in index.html: it runs first whichever chunk the bundler puts zod in.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
