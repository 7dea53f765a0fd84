import {
  daysBetween,
  previousRange,
  type TDurationFigures,
  type TReportQuery,
  type TReportSummary,
  type TSatisfactionFigures,
  type TTeamReport,
} from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { queries } from '../../lib/queries';
import { saveCsv, toCsv } from './csv';
import './reports.css';

// The Reports page (issue 18), for managers and admins: a loaded-on-demand chunk, so the inbox's first screen does
// not carry it. No charting library: the two pictures (a bar per score, a day × hour grid) are a few elements
// styled by CSS, each with its table and a CSV of the same numbers.

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Today as the reader's calendar says (the range is then counted in the organization's time zone). */
const today = () => {
  const d = new Date();
  return iso(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
};
const PRESETS = {
  week: { label: 'Last 7 days', range: () => ({ from: iso(Date.parse(today()) - 6 * DAY), to: today() }) },
  month: { label: 'Last 30 days', range: () => ({ from: iso(Date.parse(today()) - 29 * DAY), to: today() }) },
  quarter: { label: 'Last 90 days', range: () => ({ from: iso(Date.parse(today()) - 89 * DAY), to: today() }) },
} as const;
type Preset = keyof typeof PRESETS | 'custom';
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 42s, 4m 12s, 1h 30m, 2d 3h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < DAY / 1000) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
const csat = (s: TSatisfactionFigures) => (s.score === null ? '—' : `${oneDecimal.format(s.score)}%`);

/** "+12% vs the 7 days before", or nothing to compare with. `lowerIsBetter` colours a fall as good news. */
function Change({
  now,
  before,
  lowerIsBetter = false,
}: {
  now: number | null;
  before: number | null;
  lowerIsBetter?: boolean;
}) {
  if (now === null || before === null || before === 0) return <span className="change">no earlier figure</span>;
  const pct = ((now - before) / before) * 100;
  if (Math.abs(pct) < 0.05) return <span className="change">same as before</span>;
  const isGood = lowerIsBetter ? pct < 0 : pct > 0;
  return (
    <span className={`change ${isGood ? 'good' : 'bad'}`}>
      {pct > 0 ? '▲' : '▼'} {oneDecimal.format(Math.abs(pct))}% <span className="muted">vs before</span>
    </span>
  );
}

function Figure({
  label,
  value,
  detail,
  change,
}: {
  label: string;
  value: string;
  detail?: string;
  change: ReactNode;
}) {
  return (
    <div className="card figure">
      <p className="figure-label">{label}</p>
      <p className="figure-value">{value}</p>
      {detail && <p className="figure-detail muted">{detail}</p>}
      {change}
    </div>
  );
}

function Durations({ label, now, before }: { label: string; now: TDurationFigures; before: TDurationFigures }) {
  return (
    <Figure
      label={label}
      value={duration(now.medianSeconds)}
      detail={`median · 90% within ${duration(now.p90Seconds)} · ${integer.format(now.count)} counted`}
      change={<Change now={now.medianSeconds} before={before.medianSeconds} lowerIsBetter />}
    />
  );
}

/** A section with its picture or its table, and the same numbers as CSV. */
function ChartSection({
  title,
  fileName,
  rows,
  chart,
  table,
}: {
  title: string;
  fileName: string;
  rows: (string | number | null)[][];
  chart?: ReactNode;
  table: ReactNode;
}) {
  const [asTable, setAsTable] = useState(!chart);
  const id = `report-${fileName}`;
  return (
    <section className="card report-section" aria-labelledby={id}>
      <div className="report-section-head">
        <h2 id={id}>{title}</h2>
        <div className="report-section-tools">
          {chart && (
            <button type="button" className="btn btn-ghost" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
              {asTable ? 'Show chart' : 'Show table'}
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={() => saveCsv(`${fileName}.csv`, toCsv(rows))}>
            Download CSV
          </button>
        </div>
      </div>
      {asTable || !chart ? table : chart}
    </section>
  );
}

/** A table whose first column names each row; `keys` tell rows apart (two agents may share a name). */
function Table({ head, rows, keys }: { head: string[]; rows: (string | number)[][]; keys?: string[] }) {
  return (
    <div className="table-scroll">
      <table className="report-table">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={keys?.[i] ?? String(r[0])}>
              <th scope="row">{r[0]}</th>
              {r.slice(1).map((c, j) => (
                <td key={head[j + 1]}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Satisfaction({ s }: { s: TSatisfactionFigures }) {
  const max = Math.max(1, ...s.distribution);
  const rows = s.distribution.map((n, i) => [`${i + 1} ★`, n] as [string, number]).reverse();
  return (
    <ChartSection
      title="Satisfaction ratings"
      fileName="satisfaction"
      rows={[['score', 'ratings'], ...s.distribution.map((n, i) => [i + 1, n])]}
      chart={
        <ul className="bars" aria-label="Ratings by score">
          {rows.map(([label, n]) => (
            <li key={label}>
              <span className="bar-label">{label}</span>
              <span className="bar-track">
                <span className="bar" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span className="bar-value">{integer.format(n)}</span>
            </li>
          ))}
        </ul>
      }
      table={<Table head={['Score', 'Ratings']} rows={rows} />}
    />
  );
}

function Heatmap({ q }: { q: TReportQuery }) {
  const heat = useQuery(queries.reportHeatmap(q));
  if (!heat.data) return <Loading what="busiest hours" error={heat.error} />;
  const { cells, timeZone } = heat.data;
  const max = Math.max(1, ...cells.flat());
  const hours = HOURS;
  return (
    <ChartSection
      title={`Busiest hours (${timeZone})`}
      fileName="busiest-hours"
      rows={[['day', ...hours.map((h) => `${h}:00`)], ...cells.map((row, d) => [WEEKDAYS[d]!, ...row])]}
      chart={
        <div className="heatmap" role="img" aria-label="New conversations by day of the week and hour">
          <span />
          {hours.map((h) => (
            <span key={h} className="heat-hour" aria-hidden="true">
              {h % 3 === 0 ? h : ''}
            </span>
          ))}
          {WEEKDAYS.map((day, d) => (
            <HeatRow key={day} day={day} row={cells[d]!} max={max} />
          ))}
        </div>
      }
      table={
        <Table
          head={['Day', ...hours.map((h) => `${h}h`)]}
          rows={cells.map((row, d) => [WEEKDAYS[d]!.slice(0, 3), ...row])}
        />
      }
    />
  );
}

function HeatRow({ day, row, max }: { day: string; row: number[]; max: number }) {
  return (
    <>
      <span className="heat-day">{day.slice(0, 3)}</span>
      {HOURS.map((h) => {
        const n = row[h] ?? 0;
        return (
          <span
            key={h}
            className="heat-cell"
            title={`${day} ${h}:00–${h + 1}:00: ${n} new`}
            style={{ opacity: n ? 0.15 + (0.85 * n) / max : 1, background: n ? undefined : 'var(--heat-empty)' }}
          />
        );
      })}
    </>
  );
}

/** One row of the agents' figures: an agent's, or a team's. */
type OwnerFigures = Omit<TTeamReport['teams'][number], 'teamId'>;

/** The agents' figures as a table and its CSV, for agents or teams (`who` names the first column). */
function ByOwner({ title, who, items, ids }: { title: string; who: string; items: OwnerFigures[]; ids: string[] }) {
  const head = [who, 'Resolved', 'First response (median)', 'Resolution (median)', 'Satisfaction', 'Ratings'];
  const rows = items.map((a) => [
    a.name,
    a.resolved,
    duration(a.firstResponseTime.medianSeconds),
    duration(a.resolutionTime.medianSeconds),
    csat(a.satisfaction),
    a.satisfaction.count,
  ]);
  return (
    <ChartSection
      title={title}
      fileName={title.toLowerCase()}
      rows={[
        [who.toLowerCase(), 'resolved', 'first_response_median_s', 'resolution_median_s', 'csat_percent', 'ratings'],
        ...items.map((a) => [
          a.name,
          a.resolved,
          a.firstResponseTime.medianSeconds,
          a.resolutionTime.medianSeconds,
          a.satisfaction.score,
          a.satisfaction.count,
        ]),
      ]}
      table={<Table head={head} rows={rows} keys={ids} />}
    />
  );
}

function Agents({ q }: { q: TReportQuery }) {
  const report = useQuery(queries.reportAgents(q));
  if (!report.data) return <Loading what="agents" error={report.error} />;
  const { agents } = report.data;
  return <ByOwner title="Agents" who="Agent" items={agents} ids={agents.map((a) => a.agentId)} />;
}

/** Per team (over the conversations each team has now); nothing when the organization has no team. */
function Teams({ q }: { q: TReportQuery }) {
  const report = useQuery(queries.reportTeams(q));
  if (!report.data) return <Loading what="teams" error={report.error} />;
  const { teams } = report.data;
  if (teams.length === 0) return null;
  return <ByOwner title="Teams" who="Team" items={teams} ids={teams.map((t) => t.teamId)} />;
}

function Tags({ q }: { q: TReportQuery }) {
  const report = useQuery(queries.reportTags(q));
  if (!report.data) return <Loading what="tags" error={report.error} />;
  const { tags } = report.data;
  return (
    <ChartSection
      title="Tags"
      fileName="tags"
      rows={[
        ['tag', 'opened', 'resolved', 'csat_percent', 'ratings'],
        ...tags.map((t) => [t.tag, t.opened, t.resolved, t.satisfaction.score, t.satisfaction.count]),
      ]}
      table={
        tags.length ? (
          <Table
            head={['Tag', 'Opened', 'Resolved', 'Satisfaction', 'Ratings']}
            rows={tags.map((t) => [t.tag, t.opened, t.resolved, csat(t.satisfaction), t.satisfaction.count])}
          />
        ) : (
          <p className="muted">No tagged conversations in this period.</p>
        )
      }
    />
  );
}

function Loading({ what, error }: { what: string; error: unknown }) {
  return error ? (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  ) : (
    <p className="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}

function Summary({ s }: { s: TReportSummary }) {
  const p = s.previous;
  return (
    <div className="figures">
      <Figure
        label="New conversations"
        value={integer.format(s.conversations.opened)}
        change={<Change now={s.conversations.opened} before={p.conversations.opened} />}
      />
      <Figure
        label="Resolved"
        value={integer.format(s.conversations.resolved)}
        detail={`${integer.format(s.conversations.reopened)} reopened`}
        change={<Change now={s.conversations.resolved} before={p.conversations.resolved} />}
      />
      <Figure
        label="Waiting for an answer"
        value={integer.format(s.conversations.waiting)}
        detail="of this period's, now"
        change={<Change now={s.conversations.waiting} before={p.conversations.waiting} lowerIsBetter />}
      />
      <Durations label="First response time" now={s.firstResponseTime} before={p.firstResponseTime} />
      <Durations label="Resolution time" now={s.resolutionTime} before={p.resolutionTime} />
      <Figure
        label="Satisfaction (CSAT)"
        value={csat(s.satisfaction)}
        detail={
          s.satisfaction.count
            ? `${oneDecimal.format(s.satisfaction.averageScore ?? 0)} / 5 average · ${integer.format(s.satisfaction.count)} ratings`
            : 'no ratings yet'
        }
        change={<Change now={s.satisfaction.score} before={p.satisfaction.score} />}
      />
    </div>
  );
}

export function ReportsPage() {
  const [preset, setPreset] = useState<Preset>('week');
  const [range, setRange] = useState<{ from: string; to: string }>(PRESETS.week.range());
  const q: TReportQuery = range;
  // Durations counted within the organization's business hours (Settings → Business hours) or on the wall clock.
  const [isWithinHours, setWithinHours] = useState(false);
  const isValid = range.from <= range.to;
  const summary = useQuery({
    ...queries.reportSummary(isWithinHours ? { ...q, businessHours: 'true' } : q),
    enabled: isValid,
  });
  const days = daysBetween(range.from, range.to) + 1;
  const before = previousRange(range.from, range.to);

  return (
    <section className="page reports">
      <div className="page-head">
        <h1>Reports</h1>
      </div>
      <form className="report-range" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select
            value={preset}
            onChange={(e) => {
              const next = e.target.value as Preset;
              setPreset(next);
              if (next !== 'custom') setRange(PRESETS[next].range());
            }}
          >
            {Object.entries(PRESETS).map(([k, p]) => (
              <option key={k} value={k}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom</option>
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => {
              setPreset('custom');
              if (e.target.value) setRange({ ...range, from: e.target.value });
            }}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => {
              setPreset('custom');
              if (e.target.value) setRange({ ...range, to: e.target.value });
            }}
          />
        </label>
        <label className="report-hours">
          <input type="checkbox" checked={isWithinHours} onChange={(e) => setWithinHours(e.target.checked)} />
          Durations within business hours
        </label>
        <p className="muted report-compare">
          {days} {days === 1 ? 'day' : 'days'}
          {summary.data ? ` in ${summary.data.timeZone}` : ''}, compared with {before.from} to {before.to}
        </p>
      </form>
      {!isValid ? (
        <p className="error" role="alert">
          The start of the period must not be after its end.
        </p>
      ) : summary.data ? (
        <>
          <Summary s={summary.data} />
          <div className="report-grid">
            <Satisfaction s={summary.data.satisfaction} />
            <Heatmap q={q} />
          </div>
          <Agents q={q} />
          <Teams q={q} />
          <Tags q={q} />
        </>
      ) : (
        <Loading what="the figures" error={summary.error} />
      )}
    </section>
  );
}
