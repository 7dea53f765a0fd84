import type { TOrganization, TPreChatMode, TWidgetSettings } from '@oceras/protocol';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { useOrganization, useSaveOrganization } from './organization-page';

export function WidgetPage() {
  const org = useOrganization();
  if (!org.data) return <section className="page" aria-busy="true" />;
  return <WidgetForm org={org.data} />;
}

export const installSnippet = (origin: string, widgetKey: string) =>
  `<script src="${origin}/widget.js" data-oceras-key="${widgetKey}" async></script>`;

function WidgetForm({ org }: { org: TOrganization }) {
  const [s, setS] = useState<TWidgetSettings>(org.widgetSettings);
  const [domains, setDomains] = useState(org.widgetSettings.allowedDomains.join('\n'));
  const [copied, setCopied] = useState(false);
  const save = useSaveOrganization();
  const snippet = installSnippet(location.origin, org.widgetKey);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const allowedDomains = domains
      .split(/[\s,]+/)
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    save.mutate({ widgetSettings: { ...s, allowedDomains } });
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2_000);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="page">
      <h1>Widget</h1>
      <div className="widget-layout">
        <form className="card stack" onSubmit={submit}>
          <label>
            Colour
            <span className="color-field">
              <input
                type="color"
                aria-label="Colour"
                value={s.color}
                onChange={(e) => setS({ ...s, color: e.target.value })}
              />
              <code>{s.color}</code>
            </span>
          </label>
          <fieldset className="radio-row">
            <legend>Position</legend>
            {(['left', 'right'] as const).map((p) => (
              <label key={p}>
                <input
                  type="radio"
                  name="position"
                  checked={s.position === p}
                  onChange={() => setS({ ...s, position: p })}
                />
                {p === 'left' ? 'Bottom left' : 'Bottom right'}
              </label>
            ))}
          </fieldset>
          <label>
            Team name
            <input value={s.teamName} maxLength={120} onChange={(e) => setS({ ...s, teamName: e.target.value })} />
          </label>
          <label>
            Greeting
            <textarea
              rows={2}
              maxLength={500}
              value={s.greeting}
              onChange={(e) => setS({ ...s, greeting: e.target.value })}
            />
          </label>
          <label>
            Pre-chat form
            <select value={s.preChatForm} onChange={(e) => setS({ ...s, preChatForm: e.target.value as TPreChatMode })}>
              <option value="off">Off: visitors start chatting at once</option>
              <option value="optional">Optional: name and email may be given</option>
              <option value="required">Required: name and email first</option>
            </select>
          </label>
          <label>
            Allowed domains (one per line; empty allows any site)
            <textarea rows={3} className="mono" value={domains} onChange={(e) => setDomains(e.target.value)} />
          </label>
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
          <div>
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              Save widget settings
            </button>
          </div>
        </form>
        <div className="stack">
          <div className="card">
            <h2>Preview</h2>
            <WidgetPreview settings={s} />
          </div>
          <div className="card">
            <h2>Install</h2>
            <p className="muted">Paste this before the closing &lt;/body&gt; tag of every page that shows the chat.</p>
            <pre className="snippet">{snippet}</pre>
            <button type="button" className="btn" onClick={copy}>
              {copied ? 'Copied' : 'Copy snippet'}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

/** A static picture of the widget in the chosen colour and corner: the real widget is its own app. */
function WidgetPreview({ settings: s }: { settings: TWidgetSettings }) {
  return (
    <div className={`preview preview-${s.position}`} role="img" aria-label={`Widget preview, ${s.position} corner`}>
      <div className="preview-page">
        <span />
        <span />
        <span />
      </div>
      <div className="preview-chat">
        <div className="preview-chat-head" style={{ background: s.color }}>
          {s.teamName || 'Support'}
        </div>
        <div className="preview-chat-body">
          <div className="preview-bubble">{s.greeting || 'Hi! How can we help?'}</div>
          {s.preChatForm !== 'off' && (
            <div className="preview-form">
              <span>Name{s.preChatForm === 'required' ? ' *' : ''}</span>
              <span>Email{s.preChatForm === 'required' ? ' *' : ''}</span>
            </div>
          )}
        </div>
      </div>
      <div className="preview-launcher" style={{ background: s.color }} aria-hidden="true" />
    </div>
  );
}
