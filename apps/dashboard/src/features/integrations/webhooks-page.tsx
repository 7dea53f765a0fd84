import { type TWebhook, type TWebhookEvent, WEBHOOK_EVENTS } from '@oceras/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { dateTime } from '../../lib/format';
import { integrationQueries } from './integration-queries';
import { ShownOnce } from './shown-once';
import './integrations.css';

const EVENT_LABEL: Record<TWebhookEvent, string> = {
  'conversation.created': 'Conversation created',
  'conversation.updated': 'Conversation updated',
  'conversation.resolved': 'Conversation resolved',
  'conversation.rated': 'Conversation rated by the visitor',
  'message.created': 'Message created (visitor, agent and system lines)',
  'note.created': 'Internal note created',
  'contact.created': 'Contact created',
  'contact.updated': 'Contact updated (name, email, phone, company, user id, attributes, merge)',
  'contact.erased': 'Contact erased (ids only: delete your copy)',
};

export function WebhooksPage() {
  const hooks = useQuery(integrationQueries.webhooks());
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="page">
      <h1>Webhooks</h1>
      <p className="muted">
        Oceras POSTs each event to your URL as JSON, signed in the <code>Oceras-Signature</code> header with the
        subscription's secret, retried for a day while your server fails. Addresses on private networks are refused.
      </p>
      <CreateWebhook />
      <section className="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">Subscriptions</h2>
        {hooks.isError && (
          <p className="error" role="alert">
            {errorMessage(hooks.error)}
          </p>
        )}
        {hooks.data?.webhooks.length === 0 && <p className="muted">No webhook yet.</p>}
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
          {hook.isEnabled ? 'On' : 'Off'}
        </span>
      </p>
      <p className="muted">
        {hook.events.join(', ')} · since {dateTime(hook.createdAt)}
        {hook.failingSince && <span className="error"> · failing since {dateTime(hook.failingSince)}</span>}
        {hook.disabledReason && <span className="error"> · turned off: {hook.disabledReason}</span>}
      </p>
      <p>
        <button type="button" className="btn btn-small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {hook.isEnabled ? 'Turn off' : 'Turn on'}
        </button>{' '}
        <button type="button" className="btn btn-small" aria-expanded={isOpen} onClick={onToggle}>
          Deliveries
        </button>{' '}
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={() => remove.mutate()}
          disabled={remove.isPending}
        >
          Delete
        </button>
        {(toggle.error || remove.error) && <span className="error"> {errorMessage(toggle.error ?? remove.error)}</span>}
      </p>
      {isOpen && <Deliveries webhookId={hook.id} />}
    </article>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const qc = useQueryClient();
  const list = useQuery(integrationQueries.deliveries(webhookId));
  const resend = useMutation({
    mutationFn: (deliveryId: string) => api.call('resendWebhookDelivery', { params: { id: webhookId, deliveryId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: integrationQueries.deliveries(webhookId).queryKey }),
  });
  const deliveries = list.data?.deliveries;
  if (list.isError) return <p className="error">{errorMessage(list.error)}</p>;
  if (deliveries?.length === 0) return <p className="muted">No delivery yet: they appear as events happen.</p>;
  return (
    <div className="table-scroll">
      <table className="table" aria-label="Deliveries">
        <thead>
          <tr>
            <th>Time</th>
            <th>Event</th>
            <th>Status</th>
            <th>Last attempt</th>
            <th>Response</th>
            <th>
              <span className="sr-only">Resend</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries?.map((d) => {
            const last = d.attempts[0];
            return (
              <tr key={d.id}>
                <td>{dateTime(d.createdAt)}</td>
                <td>{d.type}</td>
                <td>
                  {d.status} · {d.attempts.length} {d.attempts.length === 1 ? 'attempt' : 'attempts'}
                </td>
                <td>{last ? `${last.statusCode ?? 'no answer'} · ${last.durationMs} ms` : '–'}</td>
                <td className="mono">{(last?.error ?? last?.responseExcerpt ?? '').slice(0, 200) || '–'}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={resend.isPending}
                    onClick={() => resend.mutate(d.id)}
                  >
                    Resend
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
      <h2 id="new-webhook-title">New webhook</h2>
      {create.data && <ShownOnce label="Signing secret" value={create.data.secret} onDone={() => create.reset()} />}
      <form onSubmit={handleSubmit} className="stack">
        <label>
          URL
          <input
            type="url"
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
            required
            placeholder="https://example.com/oceras"
          />
        </label>
        <fieldset>
          <legend>Events</legend>
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
              {EVENT_LABEL[ev]}
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
            Create webhook
          </button>
        </p>
      </form>
    </section>
  );
}
