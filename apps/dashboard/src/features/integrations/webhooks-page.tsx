import { type TWebhook, type TWebhookEvent, WEBHOOK_EVENTS } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { currentLocale, fill, fillNodes, plural, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { integrationQueries } from './integration-queries';
import { ShownOnce } from './shown-once';
import './integrations.css';

export function WebhooksPage() {
  const hooks = useQuery(integrationQueries.webhooks());
  const [open, setOpen] = useState<string | null>(null);
  const t = useStrings().integrations.webhooks;
  return (
    <section className="page">
      <h1>{t.title}</h1>
      <p className="muted">{fillNodes(t.help, { header: <code>Oceras-Signature</code> })}</p>
      <CreateWebhook />
      <section className="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t.subscriptions}</h2>
        {hooks.isError && (
          <p className="error" role="alert">
            {errorMessage(hooks.error)}
          </p>
        )}
        {hooks.data?.webhooks.length === 0 && <p className="muted">{t.none}</p>}
        {hooks.data?.webhooks.map((w) => (
          <WebhookItem
            key={w.id}
            hook={w}
            isOpen={open === w.id}
            onToggle={() => setOpen(open === w.id ? null : w.id)}
          />
        ))}
      </section>
    </section>
  );
}

function WebhookItem({ hook, isOpen, onToggle }: { hook: TWebhook; isOpen: boolean; onToggle: () => void }) {
  const t = useStrings().integrations.webhooks;
  const locale = currentLocale();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: integrationQueries.webhooks().queryKey });
  const toggle = useMutation({
    mutationFn: () => api.call('updateWebhook', { params: { id: hook.id }, body: { enabled: !hook.isEnabled } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.call('deleteWebhook', { params: { id: hook.id } }),
    onSuccess: refresh,
  });
  return (
    <article className="card" aria-label={hook.url}>
      <p>
        <strong className="mono">{hook.url}</strong>{' '}
        <span className={`pill ${hook.isEnabled ? 'push-delivered' : 'push-failed'}`}>
          {hook.isEnabled ? t.on : t.off}
        </span>
      </p>
      <p className="muted">
        {hook.events.join(', ')} · {fill(t.since, { date: dateTime(hook.createdAt, locale) })}
        {hook.failingSince && (
          <span className="error"> · {fill(t.failingSince, { date: dateTime(hook.failingSince, locale) })}</span>
        )}
        {hook.disabledReason && <span className="error"> · {fill(t.turnedOff, { reason: hook.disabledReason })}</span>}
      </p>
      <p>
        <button type="button" className="btn btn-small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {hook.isEnabled ? t.turnOff : t.turnOn}
        </button>{' '}
        <button type="button" className="btn btn-small" aria-expanded={isOpen} onClick={onToggle}>
          {t.deliveries}
        </button>{' '}
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={() => remove.mutate()}
          disabled={remove.isPending}
        >
          {t.delete}
        </button>
        {(toggle.error || remove.error) && <span className="error"> {errorMessage(toggle.error ?? remove.error)}</span>}
      </p>
      {isOpen && <Deliveries webhookId={hook.id} />}
    </article>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const t = useStrings().integrations.webhooks;
  const locale = currentLocale();
  const qc = useQueryClient();
  const list = useQuery(integrationQueries.deliveries(webhookId));
  const resend = useMutation({
    mutationFn: (deliveryId: string) => api.call('resendWebhookDelivery', { params: { id: webhookId, deliveryId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationQueries.deliveries(webhookId).queryKey }),
  });
  const deliveries = list.data?.deliveries;
  if (list.isError) return <p className="error">{errorMessage(list.error)}</p>;
  if (deliveries?.length === 0) return <p className="muted">{t.noDeliveries}</p>;
  return (
    <div className="table-scroll">
      <table className="table" aria-label={t.deliveries}>
        <thead>
          <tr>
            <th>{t.time}</th>
            <th>{t.event}</th>
            <th>{t.status}</th>
            <th>{t.lastAttempt}</th>
            <th>{t.response}</th>
            <th>
              <span className="sr-only">{t.resend}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries?.map((d) => {
            const last = d.attempts[0];
            return (
              <tr key={d.id}>
                <td>{dateTime(d.createdAt, locale)}</td>
                <td>{d.type}</td>
                <td>
                  {t.statuses[d.status]} · {plural(t.attempts, d.attempts.length)}
                </td>
                <td>
                  {last ? `${last.statusCode ?? t.noAnswer} · ${last.durationMs.toLocaleString(locale)} ms` : '–'}
                </td>
                <td className="mono">{(last?.error ?? last?.responseExcerpt ?? '').slice(0, 200) || '–'}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={resend.isPending}
                    onClick={() => resend.mutate(d.id)}
                  >
                    {t.resend}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CreateWebhook() {
  const t = useStrings().integrations.webhooks;
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<TWebhookEvent[]>(['conversation.created', 'message.created']);
  const create = useMutation({
    mutationFn: () => api.call('createWebhook', { body: { url, events } }),
    onSuccess: () => {
      setUrl('');
      qc.invalidateQueries({ queryKey: integrationQueries.webhooks().queryKey });
    },
  });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">{t.newTitle}</h2>
      {create.data && <ShownOnce label={t.signingSecret} value={create.data.secret} onDone={() => create.reset()} />}
      <form onSubmit={handleSubmit} className="stack">
        <label>
          {t.url}
          <input
            type="url"
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
            required
            placeholder="https://example.com/oceras"
          />
        </label>
        <fieldset>
          <legend>{t.events}</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="choice">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => {
                  const isChecked = e.currentTarget.checked;
                  setEvents((x) => (isChecked ? [...x, ev] : x.filter((y) => y !== ev)));
                }}
              />{' '}
              {t.eventNames[ev]}
            </label>
          ))}
        </fieldset>
        {create.isError && (
          <p className="error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <p>
          <button type="submit" className="btn" disabled={create.isPending || events.length === 0}>
            {t.create}
          </button>
        </p>
      </form>
    </section>
  );
}
