import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own: a second process on the same folder (a second `npm start` on another port,
 * `npm run reset-password` while the server runs) opens it without complaint and the two overwrite each other's
 * files. So the process that opens it writes its id into `oceras.pid`, and another refuses while that process
 * lives. A file left by a process that died is taken over.
 */
export function lockPgliteDir(dir: string): () => void {
  const file = path.join(dir, 'oceras.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (isAlive(holder)) {
      throw new Error(
        `the embedded database in ${dir} is open in process ${holder} (a running Oceras server?): stop it first. ` +
          `If no such process is Oceras, delete ${file}.`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => {
    if (readPid(file) === process.pid) rmSync(file, { force: true });
  };
}

function readPid(file: string) {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return null;
  }
}

function isAlive(pid: number) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
