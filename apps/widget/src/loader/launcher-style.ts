/** The launcher's name (open, close) and the word after its unread count, by the browser's language. */
export const LAUNCHER_LABELS: Record<string, [string, string, string]> = {
  en: ['Open chat', 'Close chat', 'unread'],
  fr: ['Ouvrir la discussion', 'Fermer la discussion', 'non lus'],
  de: ['Chat öffnen', 'Chat schließen', 'ungelesen'],
  es: ['Abrir el chat', 'Cerrar el chat', 'sin leer'],
};

/** Styles inside the loader's shadow root: the host page's CSS cannot reach them. SIDE and COLOR are filled in. */
const LAUNCHER_CSS = `
:host{all:initial}
.launcher{all:initial;box-sizing:border-box;position:fixed;bottom:20px;SIDE:20px;width:56px;height:56px;border-radius:50%;
background:COLOR;color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;
box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s}
.launcher:hover{transform:scale(1.06)}
.launcher:focus-visible{outline:3px solid #111;outline-offset:3px}
.launcher svg{width:28px;height:28px;fill:#fff}
.badge{all:initial;position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;
border-radius:10px;background:#d93025;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.badge[hidden]{display:none}
.frame{all:initial;display:none;position:fixed;bottom:88px;SIDE:20px;width:380px;height:min(640px,calc(100vh - 108px));
border:0;border-radius:14px;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.28);color-scheme:normal}
.frame.open{display:block}
@media (max-width:480px){
.frame{bottom:0;SIDE:0;width:100vw;height:100%;border-radius:0}
:host([data-open=true]) .launcher{display:none}
}
`;

/** The launcher's CSS for a side and a colour (anything but `#rrggbb` gets the default blue). */
export const launcherCss = (position: string, color: string) =>
  LAUNCHER_CSS.replace(/SIDE/g, position === 'left' ? 'left' : 'right').replace(
    /COLOR/g,
    /^#[0-9a-f]{6}$/i.test(color) ? color : '#1f6feb',
  );

export const OPEN_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
export const CLOSE_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/></svg>';
