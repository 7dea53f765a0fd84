import type { TBusinessHours } from '@oceras/protocol';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import './business-hours-page.css';

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

/**
 * The business-hours form (issue 18): the switch, the week (one range a day), the holidays and the save button;
 * the organization's page and each team's card (Settings → Teams) both use it and say where it saves (`onSave`).
 * `note` is what the switch means there and the zone the times are in; `status` sits above the button.
 */
export function HoursEditor({
  hours,
  title,
  note,
  status,
  isSaving,
  onSave,
}: {
  hours: TBusinessHours | null;
  title: string;
  note: ReactNode;
  status: ReactNode;
  isSaving: boolean;
  onSave: (hours: TBusinessHours) => void;
}) {
  const t = useStrings().businessHours;
  const locale = currentLocale();
  const titleId = useId();
  const holidayId = useId();
  const [isEnabled, setEnabled] = useState(hours?.enabled ?? false);
  const [rows, setRows] = useState(() => rowsOf(hours));
  const [holidays, setHolidays] = useState<string[]>(hours?.holidays ?? []);
  const [newHoliday, setNewHoliday] = useState('');
  const setRow = (day: Day, change: Partial<DayRow>) => setRows((r) => ({ ...r, [day]: { ...r[day], ...change } }));
  const addHoliday = () => {
    if (newHoliday && !holidays.includes(newHoliday)) setHolidays([...holidays, newHoliday].sort());
    setNewHoliday('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({
      enabled: isEnabled,
      weekly: DAYS.filter(({ day }) => rows[day].isOpen).map(({ day }) => ({
        day,
        from: rows[day].from,
        to: rows[day].to,
      })),
      holidays,
    });
  };
  return (
    <form className="card stack hours-form" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <div className="switches">
        <label>
          <input type="checkbox" checked={isEnabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t.use}
        </label>
        <p className="muted">{note}</p>
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
          <label htmlFor={holidayId}>{t.addHoliday}</label>
          <input id={holidayId} type="date" value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} />
          <button type="button" className="btn" onClick={addHoliday} disabled={!newHoliday}>
            {t.add}
          </button>
        </div>
      </fieldset>
      {status}
      <div>
        <button type="submit" className="btn btn-primary" disabled={isSaving}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
