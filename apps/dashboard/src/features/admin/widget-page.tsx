import type { TOrganization, TPreChatMode, TSatisfactionSurvey, TWidgetSettings } from '@oceras/protocol';
import { ApiError } from '@oceras/protocol/client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { fill, fillNodes, useStrings } from '../../i18n/i18n';
import { sentence } from '../../lib/errors';
import { queries } from '../../lib/queries';
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
  const t = useStrings().admin.widget;
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
      <h1>{t.title}</h1>
      <div className="widget-layout">
        <form className="card stack" onSubmit={submit} noValidate>
          <label>
            {t.colour}
            <span className="color-field">
              <input
                type="color"
                aria-label={t.colour}
                value={s.color}
                onChange={(e) => setS({ ...s, color: e.target.value })}
              />
              <code>{s.color}</code>
            </span>
          </label>
          <fieldset className="radio-row">
            <legend>{t.position}</legend>
            {(['left', 'right'] as const).map((p) => (
              <label key={p}>
                <input
                  type="radio"
                  name="position"
                  checked={s.position === p}
                  onChange={() => setS({ ...s, position: p })}
                />
                {p === 'left' ? t.bottomLeft : t.bottomRight}
              </label>
            ))}
          </fieldset>
          <label>
            {t.teamName}
            <input value={s.teamName} maxLength={120} onChange={(e) => setS({ ...s, teamName: e.target.value })} />
          </label>
          <label>
            {t.greeting}
            <textarea
              rows={2}
              maxLength={500}
              value={s.greeting}
              onChange={(e) => setS({ ...s, greeting: e.target.value })}
            />
          </label>
          <label>
            {t.preChat}
            <select value={s.preChatForm} onChange={(e) => setS({ ...s, preChatForm: e.target.value as TPreChatMode })}>
              <option value="off">{t.preChatModes.off}</option>
              <option value="optional">{t.preChatModes.optional}</option>
              <option value="required">{t.preChatModes.required}</option>
            </select>
          </label>
          <label>
            {t.survey}
            <select
              value={s.satisfactionSurvey}
              onChange={(e) => setS({ ...s, satisfactionSurvey: e.target.value as TSatisfactionSurvey })}
            >
              <option value="stars">{t.surveys.stars}</option>
              <option value="faces">{t.surveys.faces}</option>
              <option value="off">{t.surveys.off}</option>
            </select>
          </label>
          <label>
            {t.privacyUrl}
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
              {urlProblem ? fill(t.privacyUrlProblem, { problem: urlProblem }) : t.privacyUrlHint}
            </span>
          </label>
          <label>
            {t.privacyVersion}
            <input
              placeholder="2026-03"
              maxLength={100}
              value={s.privacyPolicyVersion ?? ''}
              onChange={(e) => setS({ ...s, privacyPolicyVersion: e.target.value.trim() || null })}
            />
            <span className="muted field-hint">{t.privacyVersionHint}</span>
          </label>
          <label>
            {t.allowedDomains}
            <textarea rows={3} className="mono" value={domains} onChange={(e) => setDomains(e.target.value)} />
          </label>
          <SaveStatus save={save} errorText={urlProblem && t.privacyUrlRefused} />
          <div>
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t.save}
            </button>
          </div>
        </form>
        <div className="stack">
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">{t.preview}</h2>
            <WidgetPreview widgetKey={org.widgetKey} orgName={org.name} settings={s} />
          </section>
          <section className="card" aria-labelledby="install-title">
            <h2 id="install-title">{t.install}</h2>
            <p className="muted">{fillNodes(t.installHelp, { body: <code>&lt;/body&gt;</code> })}</p>
            <pre className="snippet">
              <code>
                <SnippetParts text={snippet} />
              </code>
            </pre>
            <button type="button" className="btn" onClick={copy}>
              {copied ? t.copied : t.copySnippet}
            </button>
          </section>
        </div>
      </div>
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
