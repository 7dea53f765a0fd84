import type { TOrganization, TPreChatMode, TSatisfactionSurvey, TWidgetSettings } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { sentence } from '../../lib/errors';
import { queries } from '../../lib/queries';
import { LowRatingSettings } from './low-rating-settings';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';
import { WidgetPreview } from './widget-preview';

export function WidgetPage() {
  const org = useQuery(queries.organization());
  if (!org.data) return <section className="page" aria-busy="true" />;
  return <WidgetForm org={org.data} />;
}

const installSnippet = (origin: string, widgetKey: string) =>
  `<script src="${origin}/widget.js" data-oceras-key="${widgetKey}" async></script>`;

/** The server's word on one field of a refused save (400 VALIDATION_FAILED lists each field's problem). */
function fieldProblem(err: unknown, field: string) {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED') return null;
  // Paths name the field from the request: `body/widgetSettings/privacyPolicyUrl`.
  const d = err.details?.find((x) => x.path.split(/[./]/).at(-1) === field);
  return d ? sentence(d.message) : null;
}

function WidgetForm({ org }: { org: TOrganization }) {
  const [s, setS] = useState<TWidgetSettings>(org.widgetSettings);
  const [domains, setDomains] = useState(org.widgetSettings.allowedDomains.join('\n'));
  const [privacyUrl, setPrivacyUrl] = useState(org.widgetSettings.privacyPolicyUrl ?? '');
  const [copied, setCopied] = useState(false);
  const save = useSaveOrganization();
  const snippet = installSnippet(location.origin, org.widgetKey);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const allowedDomains = domains
      .split(/[\s,]+/)
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    save.mutate({ widgetSettings: { ...s, privacyPolicyUrl: privacyUrl.trim() || null, allowedDomains } });
  };
  const urlProblem = fieldProblem(save.error, 'privacyPolicyUrl');
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
        <form className="card stack" onSubmit={submit} noValidate>
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
            Satisfaction survey
            <select
              value={s.satisfactionSurvey}
              onChange={(e) => setS({ ...s, satisfactionSurvey: e.target.value as TSatisfactionSurvey })}
            >
              <option value="stars">Five stars, when a conversation is resolved</option>
              <option value="faces">Three faces, when a conversation is resolved</option>
              <option value="off">Off: never ask</option>
            </select>
          </label>
          <label>
            Privacy policy link
            <input
              type="url"
              inputMode="url"
              placeholder="https://example.com/privacy"
              value={privacyUrl}
              aria-invalid={urlProblem ? true : undefined}
              aria-describedby="privacy-url-hint"
              onChange={(e) => {
                setPrivacyUrl(e.target.value);
                setS({ ...s, privacyPolicyUrl: e.target.value.trim() || null });
              }}
            />
            <span className={urlProblem ? 'error' : 'muted field-hint'} id="privacy-url-hint">
              {urlProblem
                ? `${urlProblem}: enter a full address that starts with https:// (or http://).`
                : 'The widget links to it before a visitor starts chatting. Leave empty for none.'}
            </span>
          </label>
          <label>
            Privacy policy version
            <input
              placeholder="2026-03"
              maxLength={100}
              value={s.privacyPolicyVersion ?? ''}
              onChange={(e) => setS({ ...s, privacyPolicyVersion: e.target.value.trim() || null })}
            />
            <span className="muted field-hint">Recorded with each visitor's consent, beside the link.</span>
          </label>
          <label>
            Allowed domains (one per line; empty allows any site)
            <textarea rows={3} className="mono" value={domains} onChange={(e) => setDomains(e.target.value)} />
          </label>
          <SaveStatus
            save={save}
            errorText={urlProblem && 'The privacy policy link is not a web address. Nothing was saved.'}
          />
          <div>
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              Save widget settings
            </button>
          </div>
        </form>
        <div className="stack">
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            <WidgetPreview widgetKey={org.widgetKey} orgName={org.name} settings={s} />
          </section>
          <section className="card" aria-labelledby="install-title">
            <h2 id="install-title">Install</h2>
            <p className="muted">Paste this before the closing &lt;/body&gt; tag of every page that shows the chat.</p>
            <pre className="snippet">
              <code>
                <SnippetParts text={snippet} />
              </code>
            </pre>
            <button type="button" className="btn" onClick={copy}>
              {copied ? 'Copied' : 'Copy snippet'}
            </button>
          </section>
        </div>
      </div>
      <LowRatingSettings key={org.widgetSettings.satisfactionSurvey} org={org} />
    </section>
  );
}

/** The snippet's parts, each unbreakable: lines break only at the spaces between them (never after a hyphen). */
function SnippetParts({ text }: { text: string }) {
  return text.split(' ').map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one constant string, in order
    <Fragment key={i}>
      {i > 0 && ' '}
      <span className="nowrap">{part}</span>
    </Fragment>
  ));
}
