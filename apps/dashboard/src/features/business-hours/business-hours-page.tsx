import type { TBusinessHours, TOrganization } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { currentLocale, fill, fillNodes, useStrings } from '../../i18n/i18n';
import { paths } from '../../lib/paths';
import { queries } from '../../lib/queries';
import { SaveStatus } from '../admin/save-status';
import { useSaveOrganization } from '../admin/use-save-organization';
import { AutoRepliesForm } from './auto-replies-form';
import './business-hours-page.css';

/**
 * Settings → Business hours & automatic replies (issue 18), for admins: when the team answers (a weekly grid in the
 * organization's time zone, holidays) and the three automatic replies with their texts per widget language. The
 * rule that reads the hours is the protocol's (`@oceras/protocol/business-hours`), shared by the server and widget.
 */
export function BusinessHoursPage() {
  const t = useStrings().businessHours;
  const org = useQuery(queries.organization());
  return (
    <section className="page">
      <h1>{t.title}</h1>
      {org.data ? (
        <>
          <HoursForm org={org.data} />
          <AutoRepliesForm replies={org.data.autoReplies} hasEmailFollowUp={org.data.emailFollowUp} />
        </>
      ) : (
        <div className="card" aria-busy="true" />
      )}
    </section>
  );
}

/** Monday first, as a week reads in most of the widget's languages; `day` as Date.getDay() counts. */
const DAYS = [{ day: 1 }, { day: 2 }, { day: 3 }, { day: 4 }, { day: 5 }, { day: 6 }, { day: 0 }] as const;
type Day = (typeof DAYS)[number]['day'];
/** A weekday's name in the reader's language, from a known week (Sunday 7 January 2024 is day 0). */
const dayName = (day: Day, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 7 + day));
/** A holiday (YYYY-MM-DD) as the reader's locale writes a date. */
const holidayName = (d: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${d}T00:00:00Z`));
interface DayRow {
  isOpen: boolean;
  from: string;
  to: string;
}

/** One range a day in this form (the API takes several); a day without one is closed. */
function rowsOf(hours: TBusinessHours | null): Record<Day, DayRow> {
  const rows = {} as Record<Day, DayRow>;
  for (const { day } of DAYS) {
    const range = hours?.weekly.find((r) => r.day === day);
    const isWeekday = day >= 1 && day <= 5;
    rows[day] = range
      ? { isOpen: true, from: range.from, to: range.to }
      : { isOpen: !hours && isWeekday, from: '09:00', to: '17:30' };
  }
  return rows;
}

function HoursForm({ org }: { org: TOrganization }) {
  const t = useStrings().businessHours;
  const locale = currentLocale();
  const [isEnabled, setEnabled] = useState(org.businessHours?.enabled ?? false);
  const [rows, setRows] = useState(() => rowsOf(org.businessHours));
  const [holidays, setHolidays] = useState<string[]>(org.businessHours?.holidays ?? []);
  const [newHoliday, setNewHoliday] = useState('');
  const save = useSaveOrganization();
  const setRow = (day: Day, change: Partial<DayRow>) => setRows((r) => ({ ...r, [day]: { ...r[day], ...change } }));
  const addHoliday = () => {
    if (newHoliday && !holidays.includes(newHoliday)) setHolidays([...holidays, newHoliday].sort());
    setNewHoliday('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      businessHours: {
        enabled: isEnabled,
        weekly: DAYS.filter(({ day }) => rows[day].isOpen).map(({ day }) => ({
          day,
          from: rows[day].from,
          to: rows[day].to,
        })),
        holidays,
      },
    });
  };
  return (
    <form className="card stack hours-form" onSubmit={submit} aria-labelledby="hours-title">
      <h2 id="hours-title">{t.hoursTitle}</h2>
      <div className="switches">
        <label>
          <input type="checkbox" checked={isEnabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t.use}
        </label>
        <p className="muted">
          {fillNodes(t.help, {
            timeZone: <strong>{org.timeZone}</strong>,
            organization: <Link href={paths.organization}>{t.organizationPage}</Link>,
          })}
        </p>
      </div>
      <table className="table hours-grid">
        <thead>
          <tr>
            <th>{t.day}</th>
            <th>{t.opens}</th>
            <th>{t.closes}</th>
          </tr>
        </thead>
        <tbody>
          {DAYS.map(({ day }) => ({ day, name: dayName(day, locale) })).map(({ day, name }) => (
            <tr key={day}>
              <td>
                <label>
                  <input
                    type="checkbox"
                    checked={rows[day].isOpen}
                    onChange={(e) => setRow(day, { isOpen: e.target.checked })}
                  />
                  {fill(t.openOn, { day: name })}
                </label>
              </td>
              <td>
                <input
                  type="time"
                  aria-label={fill(t.opensAt, { day: name })}
                  value={rows[day].from}
                  disabled={!rows[day].isOpen}
                  onChange={(e) => setRow(day, { from: e.target.value })}
                />
              </td>
              <td>
                <input
                  type="time"
                  aria-label={fill(t.closesAt, { day: name })}
                  value={rows[day].to === '24:00' ? '23:59' : rows[day].to}
                  disabled={!rows[day].isOpen}
                  onChange={(e) => setRow(day, { to: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="holidays">
        <legend>{t.holidaysLegend}</legend>
        {holidays.length === 0 ? (
          <p className="muted">{t.noHolidays}</p>
        ) : (
          <ul aria-label={t.holidays}>
            {holidays.map((d) => (
              <li key={d}>
                <time dateTime={d}>{holidayName(d, locale)}</time>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={fill(t.removeHoliday, { date: holidayName(d, locale) })}
                  onClick={() => setHolidays(holidays.filter((x) => x !== d))}
                >
                  {t.remove}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="row">
          <label htmlFor="new-holiday">{t.addHoliday}</label>
          <input id="new-holiday" type="date" value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} />
          <button type="button" className="btn" onClick={addHoliday} disabled={!newHoliday}>
            {t.add}
          </button>
        </div>
      </fieldset>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
