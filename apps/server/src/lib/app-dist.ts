import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where a workspace app's build lands (`apps/<name>/dist`), found through npm's workspace link, so that the path
 * is the same whether the server runs from src/ (tsx, tests) or from its bundle in dist/.
 */
export function appDist(packageName: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${packageName}/package.json`)), 'dist');
}
