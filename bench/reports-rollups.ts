// The reports before and after the rollups of migration 0032 (issue 18), A/B on one database kept by
// `BENCH_REPORTS_KEEP=1 npm run bench -- reports`: each round runs every report once the old way (the row-based
// statements, apps/server/test/reports-oracle.ts) and once the new way (apps/server/src/modules/reports), alternately,
// so the machine's load falls on both alike, and checks that both give the same figures. Medians in ms. Usage:
//   node --import tsx bench/reports-rollups.ts <database url> [rounds]

import { sql } from 'drizzle-orm';
import pino from 'pino';
import { openDatabase, query } from '../apps/server/src/db/client.js';
import { agentBreakdown, heatmap, tagBreakdown, teamBreakdown } from '../apps/server/src/modules/reports/breakdowns.js';
import { hoursOf, rowBusinessDurations } from '../apps/server/src/modules/reports/business-durations.js';
import { businessFigures } from '../apps/server/src/modules/reports/business-figures.js';
import { type Range, reportFigures } from '../apps/server/src/modules/reports/report-figures.js';
import {
  oldAgentBreakdown,
  oldHeatmap,
  oldReportFigures,
  oldTagBreakdown,
  oldTeamBreakdown,
} from '../apps/server/test/reports-oracle.js';

const url = process.argv[2]!;
const ROUNDS = Number(process.argv[3] ?? 7);
const database = await openDatabase({
  url,
  dataDir: '.',
  poolSize: 10,
  logger: pino({ level: 'warn' }),
  migrate: false,
});
const db = database.db;
const [top] = await query<{ org: string }>(
  db,
  sql`select organization_id as org from conversations group by 1 order by count(*) desc limit 1`,
);
const org = top!.org;
const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
const timeZone = process.env.TZ_REPORT ?? 'Europe/Paris';
const ranges = {
  year: { organizationId: org, from: day(364 * 86_400_000), to: day(0), timeZone },
  month: { organizationId: org, from: day(29 * 86_400_000), to: day(0), timeZone },
} satisfies Record<string, Range>;

const hours = (await hoursOf(db, org))!;
type Report = (r: Range) => Promise<unknown>;
const reports: Record<string, [Report, Report]> = {
  summary: [
    (r) =>
      Promise.all([
        oldReportFigures(db, r),
        oldReportFigures(db, { ...r, from: day(729 * 86_400_000), to: day(365 * 86_400_000) }),
      ]),
    (r) =>
      Promise.all([
        reportFigures(db, r),
        reportFigures(db, { ...r, from: day(729 * 86_400_000), to: day(365 * 86_400_000) }),
      ]),
  ],
  // Within business hours (migration 0033): every span measured in TypeScript, or the stored values.
  business: [
    (r) =>
      Promise.all([
        rowBusinessDurations(db, r, hours),
        rowBusinessDurations(db, { ...r, from: day(729 * 86_400_000), to: day(365 * 86_400_000) }, hours),
      ]),
    (r) =>
      Promise.all([
        businessFigures(db, r),
        businessFigures(db, { ...r, from: day(729 * 86_400_000), to: day(365 * 86_400_000) }),
      ]),
  ],
  agents: [(r) => oldAgentBreakdown(db, r), (r) => agentBreakdown(db, r)],
  teams: [(r) => oldTeamBreakdown(db, r), (r) => teamBreakdown(db, r)],
  tags: [(r) => oldTagBreakdown(db, r), (r) => tagBreakdown(db, r)],
  heatmap: [(r) => oldHeatmap(db, r), (r) => heatmap(db, r)],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [span, r] of Object.entries(ranges)) {
  for (const [name, [before, after]] of Object.entries(reports)) {
    const times = { old: [] as number[], new: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      let t = performance.now();
      const a = await before(r);
      times.old.push(performance.now() - t);
      t = performance.now();
      const b = await after(r);
      times.new.push(performance.now() - t);
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(`${span} ${name}: the figures differ\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
    }
    console.log(
      `${span} ${name}: old ${median(times.old).toFixed(0)} ms, new ${median(times.new).toFixed(0)} ms (max ${Math.max(...times.new).toFixed(0)}), same figures`,
    );
  }
}
await database.close();
