import type { TAvailabilitySchedule } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { SaveStatus } from '../admin/save-status';

type Range = TAvailabilitySchedule['weekly'][number];
type Day = Range['day'];
/** Monday first; the protocol counts 0 as Sunday (Date.getDay()). */
const WEEK: Day[] = [1, 2, 3, 4, 5, 6, 0];
const dayName = (day: Day) =>
  // 2023-01-01 was a Sunday: day d of that week is the 1st + d.
  new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 1 + day)),
  );
const zones = () => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC']);

/**
 * An agent's availability on a schedule (issue 18): a week of ranges in a time zone, and the switch to follow it
 * (online when a range starts, offline when it ends; a change by hand holds until the next). `agentId`: the
 * signed-in agent's own on the account page; an admin's, any agent's on the agents page (`agentName` then titles it).
 */
export function ScheduleCard({ agentId, agentName }: { agentId: string; agentName?: string }) {
  const query = useQuery({
    queryKey: ['availability-schedule', agentId],
    queryFn: () => api.call('getAvailabilitySchedule', { params: { id: agentId } }),
  });
  if (!query.data) return <section className="card" aria-busy="true" />;
  return <ScheduleForm agentId={agentId} agentName={agentName} schedule={query.data} />;
}

function ScheduleForm({
  agentId,
  agentName,
  schedule,
}: {
  agentId: string;
  agentName?: string;
  schedule: TAvailabilitySchedule;
}) {
  const t = useStrings().availabilitySchedule;
  const qc = useQueryClient();
  const [follow, setFollow] = useState(schedule.followSchedule);
  const [timeZone, setTimeZone] = useState(
    schedule.weekly.length === 0 && !schedule.followSchedule
      ? Intl.DateTimeFormat().resolvedOptions().timeZone || schedule.timeZone
      : schedule.timeZone,
  );
  const [weekly, setWeekly] = useState<Range[]>(schedule.weekly);
  const save = useMutation({
    mutationFn: (body: TAvailabilitySchedule) =>
      api.call('updateAvailabilitySchedule', { params: { id: agentId }, body }),
    onSuccess: (saved) => qc.setQueryData(['availability-schedule', agentId], saved),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ followSchedule: follow, timeZone, weekly });
  };
  const change = (index: number, patch: Partial<Range>) =>
    setWeekly(weekly.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="schedule-title">
      <h2 id="schedule-title">{agentName ? fill(t.titleOf, { name: agentName }) : t.title}</h2>
      <p className="muted">{t.help}</p>
      <label className="check">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
        {agentName ? t.followAgent : t.follow}
      </label>
      <label>
        {t.timeZone}
        <input list="schedule-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        <datalist id="schedule-zones">
          {zones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <table className="schedule-week">
        <tbody>
          {WEEK.map((day) => {
            const name = dayName(day);
            const ranges = weekly.map((r, index) => ({ r, index })).filter(({ r }) => r.day === day);
            return (
              <tr key={day}>
                <th scope="row">{name}</th>
                <td>
                  {ranges.length === 0 && <span className="muted">{t.none}</span>}
                  {ranges.map(({ r, index }) => (
                    <span key={index} className="schedule-range">
                      <input
                        type="time"
                        aria-label={`${name} ${t.from}`}
                        value={r.from}
                        onChange={(e) => change(index, { from: e.target.value })}
                      />
                      –
                      <input
                        type="time"
                        aria-label={`${name} ${t.to}`}
                        value={r.to === '24:00' ? '23:59' : r.to}
                        onChange={(e) => change(index, { to: e.target.value === '23:59' ? '24:00' : e.target.value })}
                      />
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setWeekly(weekly.filter((_, i) => i !== index))}
                      >
                        {t.remove}
                      </button>
                    </span>
                  ))}
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`${t.add}: ${name}`}
                    onClick={() => setWeekly([...weekly, { day, from: '09:00', to: '17:00' }])}
                  >
                    {t.add}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
