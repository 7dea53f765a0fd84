// Metro in an npm-workspaces monorepo: watch the repo root, and give the whole bundle one copy of React.
// The dashboard hoists a newer react to the root node_modules; this app pins the one Expo SDK 56 ships with
// (apps/mobile/node_modules/react). Packages hoisted to the root would otherwise resolve the root copy.
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const projectRoot = __dirname;
const workspaceRoot = path.resolve(projectRoot, '../..');
const config = getDefaultConfig(projectRoot);

config.watchFolders = [workspaceRoot];
config.resolver.nodeModulesPaths = [
  path.resolve(projectRoot, 'node_modules'),
  path.resolve(workspaceRoot, 'node_modules'),
];

const pinned = ['react', 'react-dom', 'scheduler'];
const upstream = config.resolver.resolveRequest;
config.resolver.resolveRequest = (context, moduleName, platform) => {
  const name = moduleName.startsWith('@') ? moduleName.split('/').slice(0, 2).join('/') : moduleName.split('/')[0];
  const ctx = pinned.includes(name)
    ? { ...context, originModulePath: path.join(projectRoot, 'package.json') }
    : context;
  const resolve = upstream ?? ctx.resolveRequest;
  // The workspace packages are TypeScript sources written for NodeNext: `./routes.js` means `./routes.ts`.
  if (
    moduleName.startsWith('.') &&
    moduleName.endsWith('.js') &&
    context.originModulePath.includes(`${path.sep}packages${path.sep}`)
  ) {
    try {
      return resolve(ctx, moduleName.slice(0, -3), platform);
    } catch {}
  }
  return resolve(ctx, moduleName, platform);
};

module.exports = config;
