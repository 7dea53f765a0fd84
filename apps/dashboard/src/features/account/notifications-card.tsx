import type { TNotificationSettings } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { deviceLabel } from '../../lib/devices';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { keys, queries } from '../../lib/queries';

type SwitchKey = 'enabled' | 'assigned' | 'unassigned' | 'mentions';
const SWITCHES: { key: SwitchKey; label: string }[] = [
  { key: 'enabled', label: 'Push notifications on phones' },
  { key: 'assigned', label: 'Messages in conversations assigned to me' },
  { key: 'unassigned', label: 'Messages in unassigned conversations while online or away' },
  { key: 'mentions', label: 'Colleagues mentioning me in a note' },
];
const EMAIL_MODES: { value: TNotificationSettings['email']; label: string }[] = [
  { value: 'immediate', label: 'Right away' },
  { value: 'digest', label: 'One daily digest' },
  { value: 'off', label: 'Never' },
];

/** Which pushes reach my phones, and which phones: every agent's own. */
export function NotificationsCard() {
  return (
    <section className="card stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <PushSettings />
      <EmailSettings />
      <MyDevices />
    </section>
  );
}

function PushSettings() {
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
      <legend className="sr-only">Push notifications</legend>
      {SWITCHES.map(({ key, label }) => (
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
          {label}
        </label>
      ))}
      {s && !shown('enabled') && <p className="muted">Your phones get no pushes from Oceras.</p>}
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p className="ok" role="status">
          Saved.
        </p>
      )}
    </fieldset>
  );
}

/** Emails about conversations assigned to me and mentions, while no app of mine is connected. */
function EmailSettings() {
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
      <legend className="email-modes-title">Emails while I am offline</legend>
      <p className="muted email-modes-hint">
        Conversations assigned to me and mentions, when no Oceras app of mine is open.
      </p>
      {EMAIL_MODES.map((m) => (
        <label key={m.value}>
          <input
            type="radio"
            name="email-mode"
            value={m.value}
            checked={shown === m.value}
            disabled={!s || saving !== null}
            onChange={() => {
              setSaving(m.value);
              save.mutate(m.value);
            }}
          />
          {m.label}
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
      <h3 id="my-devices-title">Your phones</h3>
      {(devices.isError || remove.isError) && (
        <p className="error" role="alert">
          {errorMessage(devices.error ?? remove.error)}
        </p>
      )}
      {list?.length === 0 && (
        <p className="muted">
          No phone gets your pushes yet. Sign in on the Oceras mobile app and allow notifications.
        </p>
      )}
      {list && list.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-labelledby="my-devices-title">
            <thead>
              <tr>
                <th>Device</th>
                <th>App version</th>
                <th>Token</th>
                <th>Last seen</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <td>{deviceLabel(d)}</td>
                  <td>{d.appVersion}</td>
                  <td className="mono token-hint">{d.tokenHint}</td>
                  <td>{dateTime(d.lastSeenAt)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Remove ${deviceLabel(d)}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(d.id)}
                    >
                      Remove
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
