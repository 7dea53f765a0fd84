import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

const DAY_MS = 86_400_000;
const FILE = /^oceras-(\d{4}-\d{2}-\d{2})\.log$/;
/** A rotation and sweep without any log line to write (a quiet night) happens within this long. */
const CHECK_EVERY_MS = 3_600_000;

type Destination = ReturnType<typeof pino.destination>;

export interface DailyLogFilesOptions {
  dir: string;
  /** A file is deleted when its day is this many days old: no line in it is older than that. */
  retentionDays: number;
  /** The clock (tests move it); milliseconds since the epoch. */
  now?: () => number;
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
export const logFileName = (day: number) => `oceras-${new Date(day * DAY_MS).toISOString().slice(0, 10)}.log`;

/**
 * Log lines into one file per UTC day (`oceras-YYYY-MM-DD.log`, mode 0640) in `dir`, and the retention the privacy
 * policy promises (§6, "server logs are rotated after 30 days"): when a day begins, the file of the day
 * `retentionDays` ago goes, and every older one. Files are deleted by the process itself, at start, on the first
 * line of a new day and at least hourly, so no line outlives the retention by more than an hour.
 * Several processes may share `dir`: each appends whole lines to the same day's file, and deleting is idempotent.
 */
export function dailyLogFiles({ dir, retentionDays, now = Date.now }: DailyLogFilesOptions) {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  let day = -1;
  let file: Destination | null = null;
  let isClosed = false;

  /** Deletes this folder's log files `retentionDays` old or older; returns their names. */
  const sweep = (): string[] => {
    const today = dayOf(now());
    const gone: string[] = [];
    for (const name of readdirSync(dir)) {
      const date = FILE.exec(name)?.[1];
      if (!date || today - dayOf(Date.parse(date)) < retentionDays) continue;
      try {
        unlinkSync(join(dir, name));
        gone.push(name);
      } catch {
        // Another process sharing the folder deleted it first.
      }
    }
    return gone;
  };

  /** Opens the current day's file when the day has changed, and then sweeps; returns the names deleted. */
  const rotate = (): string[] => {
    const today = dayOf(now());
    if (file && today === day) return [];
    file?.end();
    day = today;
    file = pino.destination({ dest: join(dir, logFileName(today)), sync: false, append: true, mode: 0o640 });
    return sweep();
  };

  rotate();
  const timer = setInterval(rotate, CHECK_EVERY_MS);
  timer.unref();

  return {
    /** pino's stream interface: one serialized line. */
    write(line: string) {
      if (isClosed) return;
      rotate();
      file!.write(line);
    },
    /** Rotates if the day has changed and sweeps (what the hourly check does). */
    check: () => [...rotate(), ...sweep()],
    /** The path of the file being written. */
    path: () => join(dir, logFileName(day)),
    /** Writes what is buffered and closes the file (at shutdown). */
    close(): Promise<void> {
      clearInterval(timer);
      isClosed = true;
      const last = file;
      file = null;
      if (!last) return Promise.resolve();
      return new Promise<void>((resolve) => {
        last.once('close', () => resolve());
        last.end();
      });
    },
  };
}
export type DailyLogFiles = ReturnType<typeof dailyLogFiles>;
