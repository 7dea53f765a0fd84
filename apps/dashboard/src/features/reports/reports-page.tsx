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
import { currentLocale, fill, plural, useStrings } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';
import { queries, useTeams } from '../../lib/queries';
import { saveCsv, toCsv } from './csv';
import './reports.css';

// The Reports page (issue 18), for managers and admins: a loaded-on-demand chunk, so the inbox's first screen does
// not carry it. No charting library: the two pictures (a bar per score, a day × hour grid) are a few elements
// styled by CSS, each with its table and a CSV of the same numbers. The screen speaks the agent's language (issue 18);
// the CSV files keep stable English column names and file names (snake_case keys, as an API would), so a
// spreadsheet or a script that reads them works whatever language the agent who downloaded them reads.

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
/** Today as the reader's calendar says (the range is then counted in the organization's time zone). */
const today = () => {
  const d = new Date();
  return iso(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
};
const PRESETS = {
  week: () => ({ from: iso(Date.parse(today()) - 6 * DAY), to: today() }),
  month: () => ({ from: iso(Date.parse(today()) - 29 * DAY), to: today() }),
  quarter: () => ({ from: iso(Date.parse(today()) - 89 * DAY), to: today() }),
} as const;
type Preset = keyof typeof PRESETS | 'custom';
const HOURS = Array.from({ length: 24 }, (_, h) => h);
/** Monday to Sunday, as the CSV names them (stable English, like its columns). */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Monday to Sunday in the reader's language ("Montag", "lun."), from a known Monday (1 January 2024). */
const weekdays = (locale: string, weekday: 'long' | 'short') => {
  const f = new Intl.DateTimeFormat(locale, { weekday, timeZone: 'UTC' });
  return WEEKDAYS.map((_, d) => f.format(Date.UTC(2024, 0, 1 + d)));
};

const integer = (n: number) => n.toLocaleString(currentLocale(), { maximumFractionDigits: 0 });
const oneDecimal = (n: number) => n.toLocaleString(currentLocale(), { maximumFractionDigits: 1 });
/** A percentage, 0 to 100, as the locale writes it: "66.7%", "66,7 %". */
const percent = (n: number) =>
  (n / 100).toLocaleString(currentLocale(), { style: 'percent', maximumFractionDigits: 1 });
/** A calendar day (YYYY-MM-DD) as the locale writes it: "Dec 5, 2026", "5 déc. 2026". */
const day = (d: string) =>
  new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${d}T00:00:00Z`),
  );

/** 42s, 4m 12s, 1h 30m, 2d 3h, in the locale's short units ("4 Min. 12 s"). */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const unit = (n: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    n.toLocaleString(currentLocale(), { style: 'unit', unit: u, unitDisplay: 'narrow' });
  const s = Math.round(seconds);
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  if (s < DAY / 1000) return `${unit(Math.floor(s / 3600), 'hour')} ${unit(Math.floor((s % 3600) / 60), 'minute')}`;
  return `${unit(Math.floor(s / 86_400), 'day')} ${unit(Math.floor((s % 86_400) / 3600), 'hour')}`;
}
const csat = (s: TSatisfactionFigures) => (s.score === null ? '—' : percent(s.score));

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
  const t = useStrings().reports.change;
  if (now === null || before === null || before === 0) return <span className="change">{t.none}</span>;
  const pct = ((now - before) / before) * 100;
  if (Math.abs(pct) < 0.05) return <span className="change">{t.same}</span>;
  const isGood = lowerIsBetter ? pct < 0 : pct > 0;
  return (
    <span className={`change ${isGood ? 'good' : 'bad'}`}>
      {pct > 0 ? '▲' : '▼'} {percent(Math.abs(pct))} <span className="muted">{t.vsBefore}</span>
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
  const t = useStrings().reports.figures;
  return (
    <Figure
      label={label}
      value={duration(now.medianSeconds)}
      detail={fill(t.durationDetail, { p90: duration(now.p90Seconds), counted: plural(t.counted, now.count) })}
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
  const t = useStrings().reports;
  const [asTable, setAsTable] = useState(!chart);
  const id = `report-${fileName}`;
  return (
    <section className="card report-section" aria-labelledby={id}>
      <div className="report-section-head">
        <h2 id={id}>{title}</h2>
        <div className="report-section-tools">
          {chart && (
            <button type="button" className="btn btn-ghost" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
              {asTable ? t.showChart : t.showTable}
            </button>
          )}
          <button type="button" className="btn btn-ghost" onClick={() => saveCsv(`${fileName}.csv`, toCsv(rows))}>
            {t.downloadCsv}
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
  const t = useStrings().reports.satisfaction;
  const max = Math.max(1, ...s.distribution);
  const rows = s.distribution.map((n, i) => [`${integer(i + 1)} ★`, n] as [string, number]).reverse();
  return (
    <ChartSection
      title={t.title}
      fileName="satisfaction"
      rows={[['score', 'ratings'], ...s.distribution.map((n, i) => [i + 1, n])]}
      chart={
        <ul className="bars" aria-label={t.chart}>
          {rows.map(([label, n]) => (
            <li key={label}>
              <span className="bar-label">{label}</span>
              <span className="bar-track">
                <span className="bar" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span className="bar-value">{integer(n)}</span>
            </li>
          ))}
        </ul>
      }
      table={<Table head={[t.score, t.ratings]} rows={rows.map(([label, n]) => [label, integer(n)])} />}
    />
  );
}

function Heatmap({ q }: { q: TReportQuery }) {
  const strings = useStrings().reports;
  const t = strings.heatmap;
  const heat = useQuery(queries.reportHeatmap(q));
  if (!heat.data) return <Loading what={strings.loading.busiestHours} error={heat.error} />;
  const { cells, timeZone } = heat.data;
  const max = Math.max(1, ...cells.flat());
  const hours = HOURS;
  const long = weekdays(currentLocale(), 'long');
  const short = weekdays(currentLocale(), 'short');
  return (
    <ChartSection
      title={fill(t.title, { timeZone })}
      fileName="busiest-hours"
      rows={[['day', ...hours.map((h) => `${h}:00`)], ...cells.map((row, d) => [WEEKDAYS[d]!, ...row])]}
      chart={
        <div className="heatmap" role="img" aria-label={t.chart}>
          <span />
          {hours.map((h) => (
            <span key={h} className="heat-hour" aria-hidden="true">
              {h % 3 === 0 ? h : ''}
            </span>
          ))}
          {WEEKDAYS.map((key, d) => (
            <HeatRow key={key} day={long[d]!} short={short[d]!} row={cells[d]!} max={max} cell={t.cell} />
          ))}
        </div>
      }
      table={
        <Table
          head={[t.day, ...hours.map((h) => fill(t.hour, { hour: h }))]}
          rows={cells.map((row, d) => [short[d]!, ...row.map(integer)])}
        />
      }
    />
  );
}

function HeatRow({
  day,
  short,
  row,
  max,
  cell,
}: {
  day: string;
  short: string;
  row: number[];
  max: number;
  cell: string;
}) {
  return (
    <>
      <span className="heat-day">{short}</span>
      {HOURS.map((h) => {
        const n = row[h] ?? 0;
        return (
          <span
            key={h}
            className="heat-cell"
            title={fill(cell, { day, from: `${h}:00`, to: `${h + 1}:00`, count: integer(n) })}
            style={{ opacity: n ? 0.15 + (0.85 * n) / max : 1, background: n ? undefined : 'var(--heat-empty)' }}
          />
        );
      })}
    </>
  );
}

/** One row of the agents' figures: an agent's, or a team's. */
type OwnerFigures = Omit<TTeamReport['teams'][number], 'teamId'>;

/**
 * The agents' figures as a table and its CSV, for agents or teams (`who` names the first column on screen, `kind`
 * the CSV's file and first column).
 */
function ByOwner({
  title,
  who,
  kind,
  items,
  ids,
}: {
  title: string;
  who: string;
  kind: 'agent' | 'team';
  items: OwnerFigures[];
  ids: string[];
}) {
  const t = useStrings().reports.byOwner;
  const head = [who, t.resolved, t.firstResponse, t.resolution, t.satisfaction, t.ratings];
  const rows = items.map((a) => [
    a.name,
    integer(a.resolved),
    duration(a.firstResponseTime.medianSeconds),
    duration(a.resolutionTime.medianSeconds),
    csat(a.satisfaction),
    integer(a.satisfaction.count),
  ]);
  return (
    <ChartSection
      title={title}
      fileName={`${kind}s`}
      rows={[
        [kind, 'resolved', 'first_response_median_s', 'resolution_median_s', 'csat_percent', 'ratings'],
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
  const t = useStrings().reports;
  const report = useQuery(queries.reportAgents(q));
  if (!report.data) return <Loading what={t.loading.agents} error={report.error} />;
  const { agents } = report.data;
  return <ByOwner title={t.agents} who={t.agent} kind="agent" items={agents} ids={agents.map((a) => a.agentId)} />;
}

/** Per team (over the conversations each team has now); nothing when the organization has no team. */
function Teams({ q }: { q: TReportQuery }) {
  const t = useStrings().reports;
  const report = useQuery(queries.reportTeams(q));
  if (!report.data) return <Loading what={t.loading.teams} error={report.error} />;
  const { teams } = report.data;
  if (teams.length === 0) return null;
  return <ByOwner title={t.teams} who={t.team} kind="team" items={teams} ids={teams.map((x) => x.teamId)} />;
}

function Tags({ q }: { q: TReportQuery }) {
  const strings = useStrings().reports;
  const t = strings.tags;
  const report = useQuery(queries.reportTags(q));
  if (!report.data) return <Loading what={strings.loading.tags} error={report.error} />;
  const { tags } = report.data;
  return (
    <ChartSection
      title={t.title}
      fileName="tags"
      rows={[
        ['tag', 'opened', 'resolved', 'csat_percent', 'ratings'],
        ...tags.map((x) => [x.tag, x.opened, x.resolved, x.satisfaction.score, x.satisfaction.count]),
      ]}
      table={
        tags.length ? (
          <Table
            head={[t.tag, t.opened, strings.byOwner.resolved, strings.byOwner.satisfaction, strings.byOwner.ratings]}
            rows={tags.map((x) => [
              x.tag,
              integer(x.opened),
              integer(x.resolved),
              csat(x.satisfaction),
              integer(x.satisfaction.count),
            ])}
          />
        ) : (
          <p className="muted">{t.none}</p>
        )
      }
    />
  );
}

/** `what`: the whole sentence ("Loading agents…"), as each language words it. */
function Loading({ what, error }: { what: string; error: unknown }) {
  return error ? (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  ) : (
    <p className="muted" aria-busy="true">
      {what}
    </p>
  );
}

function Summary({ s, label, isStale }: { s: TReportSummary; label: string; isStale: boolean }) {
  const t = useStrings().reports.figures;
  const p = s.previous;
  return (
    <section className="figures" aria-label={label} aria-busy={isStale}>
      <Figure
        label={t.opened}
        value={integer(s.conversations.opened)}
        change={<Change now={s.conversations.opened} before={p.conversations.opened} />}
      />
      <Figure
        label={t.resolved}
        value={integer(s.conversations.resolved)}
        detail={plural(t.reopened, s.conversations.reopened)}
        change={<Change now={s.conversations.resolved} before={p.conversations.resolved} />}
      />
      <Figure
        label={t.waiting}
        value={integer(s.conversations.waiting)}
        detail={t.waitingDetail}
        change={<Change now={s.conversations.waiting} before={p.conversations.waiting} lowerIsBetter />}
      />
      <Durations label={t.firstResponse} now={s.firstResponseTime} before={p.firstResponseTime} />
      <Durations label={t.resolution} now={s.resolutionTime} before={p.resolutionTime} />
      <Figure
        label={t.satisfaction}
        value={csat(s.satisfaction)}
        detail={
          s.satisfaction.count
            ? fill(t.satisfactionDetail, {
                average: oneDecimal(s.satisfaction.averageScore ?? 0),
                ratings: plural(t.ratings, s.satisfaction.count),
              })
            : t.noRatings
        }
        change={<Change now={s.satisfaction.score} before={p.satisfaction.score} />}
      />
    </section>
  );
}

export function ReportsPage() {
  const t = useStrings().reports;
  const [preset, setPreset] = useState<Preset>('week');
  const [range, setRange] = useState<{ from: string; to: string }>(PRESETS.week());
  const q: TReportQuery = range;
  // Durations counted within the organization's business hours (Settings → Business hours) or on the wall clock.
  const [isWithinHours, setWithinHours] = useState(false);
  // One team's summary (its conversations now), or the organization's ('').
  const [teamId, setTeamId] = useState('');
  const teams = useTeams();
  const team = teams.data?.teams.find((x) => x.id === teamId);
  const isValid = range.from <= range.to;
  const summary = useQuery({
    ...queries.reportSummary({
      ...q,
      ...(isWithinHours && { businessHours: 'true' }),
      ...(team && { teamId: team.id }),
    }),
    enabled: isValid,
    // The previous team's figures stay on screen until the next team's arrive (no flash of "Loading").
    placeholderData: (previous) => previous,
  });
  const days = plural(t.days, daysBetween(range.from, range.to) + 1);
  const before = previousRange(range.from, range.to);
  const compared = { days, from: day(before.from), to: day(before.to) };

  return (
    <section className="page reports">
      <div className="page-head">
        <h1>{t.title}</h1>
      </div>
      <form className="report-range" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.period}
          <select
            value={preset}
            onChange={(e) => {
              const next = e.target.value as Preset;
              setPreset(next);
              if (next !== 'custom') setRange(PRESETS[next]());
            }}
          >
            {(Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((k) => (
              <option key={k} value={k}>
                {t.presets[k]}
              </option>
            ))}
            <option value="custom">{t.presets.custom}</option>
          </select>
        </label>
        <label>
          {t.from}
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
          {t.to}
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
        {/* Labelled by `for`, not by wrapping: a wrapping label's name would hold every team's name. */}
        {teams.data && teams.data.teams.length > 0 && (
          <span className="report-field">
            <label htmlFor="report-team">{t.team}</label>
            <select id="report-team" value={team ? team.id : ''} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">{t.allTeams}</option>
              {teams.data.teams.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </span>
        )}
        <label className="report-hours">
          <input type="checkbox" checked={isWithinHours} onChange={(e) => setWithinHours(e.target.checked)} />
          {t.withinHours}
        </label>
        <p className="muted report-compare">
          {summary.data
            ? fill(t.comparedIn, { ...compared, timeZone: summary.data.timeZone })
            : fill(t.compared, compared)}
        </p>
      </form>
      {!isValid ? (
        <p className="error" role="alert">
          {t.invalidRange}
        </p>
      ) : summary.data ? (
        <>
          {team && <p className="muted report-team-note">{fill(t.teamNote, { team: team.name })}</p>}
          <Summary
            s={summary.data}
            label={team ? fill(t.figuresOf, { team: team.name }) : t.figuresAll}
            isStale={summary.isPlaceholderData}
          />
          <div className="report-grid">
            <Satisfaction s={summary.data.satisfaction} />
            <Heatmap q={q} />
          </div>
          <Agents q={q} />
          <Teams q={q} />
          <Tags q={q} />
        </>
      ) : (
        <Loading what={t.loading.figures} error={summary.error} />
      )}
    </section>
  );
}
