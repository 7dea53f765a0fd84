import type { TWidgetSettings } from '@oceras/protocol';
import { useEffect, useRef, useState } from 'react';
import { useStrings } from '../../i18n/i18n';

export type PreviewView = 'home' | 'prechat' | 'thread';

/** What the dashboard tells the preview frame (the widget's own frame, `preview=1`), on load and on every change. */
export interface PreviewMessage {
  oceras: 1;
  t: 'preview';
  settings: Omit<TWidgetSettings, 'allowedDomains'>;
  orgName: string;
  view?: PreviewView;
}

/** Only the preview frame itself, on this origin, may speak to the page: not another frame, window or site. */
export function isFromFrame(e: Pick<MessageEvent, 'source' | 'origin' | 'data'>, frame: Window | null | undefined) {
  const d = e.data as { oceras?: unknown; t?: unknown } | null;
  return !!frame && e.source === frame && e.origin === location.origin && typeof d === 'object' && d?.oceras === 1;
}

const VIEWS: PreviewView[] = ['home', 'prechat', 'thread'];

/** A link the widget can show: a complete http(s) URL, else none (a half-typed draft is not passed on). */
function safeUrl(url: string | null) {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The real widget, not a picture of it: the chat frame in preview mode, same origin as the dashboard, fed the draft
 * settings over postMessage. It cannot drift from what visitors see.
 */
export function WidgetPreview({
  widgetKey,
  orgName,
  settings,
}: {
  widgetKey: string;
  orgName: string;
  settings: TWidgetSettings;
}) {
  const t = useStrings().admin.widget;
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [isReady, setReady] = useState(false);
  const [picked, setPicked] = useState<PreviewView>('home');
  const view = picked === 'prechat' && settings.preChatForm === 'off' ? 'home' : picked;
  const { allowedDomains: _, ...shown } = settings;
  const message: PreviewMessage = {
    oceras: 1,
    t: 'preview',
    settings: { ...shown, privacyPolicyUrl: safeUrl(shown.privacyPolicyUrl) },
    orgName,
    view,
  };
  const latest = useRef(message);
  latest.current = message;
  const post = () => frameRef.current?.contentWindow?.postMessage(latest.current, location.origin);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (!isFromFrame(e, frameRef.current?.contentWindow) || (e.data as { t?: unknown }).t !== 'ready') return;
      // Also after the frame reloads: it starts blank, so the draft goes again.
      setReady(true);
      frameRef.current?.contentWindow?.postMessage(latest.current, location.origin);
    };
    addEventListener('message', onMessage);
    return () => removeEventListener('message', onMessage);
  }, []);
  const serialized = JSON.stringify(message);
  // biome-ignore lint/correctness/useExhaustiveDependencies: post whenever what the frame would show changes
  useEffect(() => {
    if (isReady) post();
  }, [isReady, serialized]);

  return (
    <div className="stack">
      <fieldset className="segmented">
        <legend className="sr-only">{t.preview}</legend>
        {VIEWS.map((v) => (
          <label key={v} className={view === v ? 'active' : ''}>
            <input
              type="radio"
              name="preview-view"
              className="sr-only"
              checked={view === v}
              disabled={v === 'prechat' && settings.preChatForm === 'off'}
              onChange={() => setPicked(v)}
            />
            {t.views[v]}
          </label>
        ))}
      </fieldset>
      <div className="preview">
        <iframe
          ref={frameRef}
          className="preview-frame"
          title={t.frameTitle}
          src={`/widget/frame.html?key=${encodeURIComponent(widgetKey)}&preview=1`}
        />
      </div>
      {settings.preChatForm === 'off' && <p className="muted">{t.preChatOff}</p>}
    </div>
  );
}
