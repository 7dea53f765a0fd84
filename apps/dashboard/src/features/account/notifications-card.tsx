import type { TNotificationSettings } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currentLocale, fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { deviceLabel } from '../../lib/devices';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries } from '../../lib/queries';

type SwitchKey = 'enabled' | 'assigned' | 'unassigned' | 'mentions';
// Each switch and mode is labelled by the string of the same name (account.notifications).
const SWITCHES: SwitchKey[] = ['enabled', 'assigned', 'unassigned', 'mentions'];
const EMAIL_MODES: TNotificationSettings['email'][] = ['immediate', 'digest', 'off'];

/** Which pushes reach my phones, and which phones: every agent's own. */
export function NotificationsCard() {
  const t = useStrings().account.notifications;
  return (
    <section className="card stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t.title}</h2>
      <PushSettings />
      <EmailSettings />
      <MyDevices />
    </section>
  );
}

function PushSettings() {
  const strings = useStrings();
  const t = strings.account.notifications;
  const qc = useQueryClient();
  const settings = useQuery(queries.notificationSettings());
  // The change being saved, set in the click's own render: the mutation's state reaches React a task later, and
  // until then a controlled checkbox would snap back to the saved value.
  const [saving, setSaving] = useState<Partial<TNotificationSettings> | null>(null);
  const save = useMutation({
    mutationFn: (body: Partial<TNotificationSettings>) => api.call('updateNotificationSettings', { body }),
    onSuccess: (s) => qc.setQueryData(keys.notificationSettings(), s),
    onSettled: () => setSaving(null),
  });
  if (settings.isError)
    return (
      <p className="error" role="alert">
        {errorMessage(settings.error)}
      </p>
    );
  const s = settings.data;
  // While a change is saving, its switch shows it; if it fails, the saved value comes back.
  const shown = (key: SwitchKey) => saving?.[key] ?? s?.[key] ?? false;
  return (
    <fieldset className="switches" aria-busy={!s}>
      <legend className="sr-only">{t.push}</legend>
      {SWITCHES.map((key) => (
        <label key={key}>
          <input
            type="checkbox"
            role="switch"
            checked={shown(key)}
            aria-checked={shown(key)}
            disabled={!s || saving !== null || (key !== 'enabled' && !shown('enabled'))}
            onChange={(e) => {
              const change = { [key]: e.target.checked };
              setSaving(change);
              save.mutate(change);
            }}
          />
          {t[key]}
        </label>
      ))}
      {s && !shown('enabled') && <p className="muted">{t.noPushes}</p>}
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p className="ok" role="status">
          {strings.common.saved}
        </p>
      )}
    </fieldset>
  );
}

/** Emails about conversations assigned to me and mentions, while no app of mine is connected. */
function EmailSettings() {
  const t = useStrings().account.notifications;
  const qc = useQueryClient();
  const settings = useQuery(queries.notificationSettings());
  const [saving, setSaving] = useState<TNotificationSettings['email'] | null>(null);
  const save = useMutation({
    mutationFn: (email: TNotificationSettings['email']) => api.call('updateNotificationSettings', { body: { email } }),
    onSuccess: (s) => qc.setQueryData(keys.notificationSettings(), s),
    onSettled: () => setSaving(null),
  });
  const s = settings.data;
  const shown = saving ?? s?.email;
  return (
    <fieldset className="switches" aria-busy={!s}>
      <legend className="email-modes-title">{t.emailTitle}</legend>
      <p className="muted email-modes-hint">{t.emailHint}</p>
      {EMAIL_MODES.map((mode) => (
        <label key={mode}>
          <input
            type="radio"
            name="email-mode"
            value={mode}
            checked={shown === mode}
            disabled={!s || saving !== null}
            onChange={() => {
              setSaving(mode);
              save.mutate(mode);
            }}
          />
          {t[mode]}
        </label>
      ))}
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
    </fieldset>
  );
}

function MyDevices() {
  const t = useStrings().account.notifications;
  const qc = useQueryClient();
  const devices = useQuery(queries.myDevices());
  const remove = useMutation({
    mutationFn: (id: string) => api.call('removeDevice', { params: { id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.myDevices() });
      void qc.invalidateQueries({ queryKey: keys.pushDevices() });
    },
  });
  const list = devices.data?.devices;
  return (
    <>
      <h3 id="my-devices-title">{t.phones}</h3>
      {(devices.isError || remove.isError) && (
        <p className="error" role="alert">
          {errorMessage(devices.error ?? remove.error)}
        </p>
      )}
      {list?.length === 0 && <p className="muted">{t.noPhones}</p>}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="my-devices-title">
            <thead>
              <tr>
                <th>{t.device}</th>
                <th>{t.appVersion}</th>
                <th>{t.token}</th>
                <th>{t.lastSeen}</th>
                <th>
                  <span className="sr-only">{t.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{deviceLabel(d)}</td>
                  <td>{d.appVersion}</td>
                  <td className="mono token-hint">{d.tokenHint}</td>
                  <td>{dateTime(d.lastSeenAt, currentLocale())}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={fill(t.removeDevice, { device: deviceLabel(d) })}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(d.id)}
                    >
                      {t.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
