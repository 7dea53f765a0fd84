import { useEffect, useRef, useState } from 'preact/hooks';
import css from './privacy.css?inline';
import type { ChatStore } from './store.js';

/**
 * "Your data" (privacy policy §7): the visitor downloads everything kept about them (GET /api/v1/widget/export) or
 * deletes it (DELETE /api/v1/widget/visitor, after a confirmation), and the chat then starts over as a new visitor.
 * A chunk of its own, loaded when the visitor opens it (app.tsx): nothing here weighs on the chat's first load, so
 * its strings live here, not in i18n.ts.
 */

// The panel's styles come with it as a constructed style sheet: a stylesheet link would bring the bundler's preload
// code into the chat's chunk, and the frame's CSP (style-src 'self') refuses <style> elements but not the CSSOM.
// A browser without constructed sheets shows the panel with the chat's own styles.
try {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
} catch {}

/** The visitor's chat (its session token, and the reset that starts a new visitor), and the way back to it. */
export interface PrivacyPanelProps {
  store: Pick<ChatStore, 'token' | 'reset'>;
  onClose: () => void;
}

const en = {
  title: 'Your data',
  intro:
    'Everything we keep about you in this chat: your conversations, the files you sent, your name and email if you gave them, and your browser.',
  download: 'Download my conversations',
  downloaded: 'Downloaded {name}.',
  delete: 'Delete my conversations',
  back: 'Back to the chat',
  confirmTitle: 'Delete your conversations?',
  confirmText:
    'Your messages, the files you sent, your name and email are deleted from our systems at once, and this chat starts over. This cannot be undone.',
  confirm: 'Delete everything',
  cancel: 'Cancel',
  deletedTitle: 'Your conversations were deleted',
  deletedText: 'Nothing of them is kept. You can start a new conversation at any time.',
  offline: 'We could not reach the server. Check your connection and try again.',
  failed: 'Something went wrong on our side. Please try again in a moment.',
};
type Strings = typeof en;

const STRINGS: Record<string, Strings> = {
  en,
  fr: {
    title: 'Vos données',
    intro:
      'Tout ce que nous gardons de vous dans cette discussion : vos conversations, les fichiers envoyés, votre nom et votre e-mail si vous les avez donnés, et votre navigateur.',
    download: 'Télécharger mes conversations',
    downloaded: '{name} téléchargé.',
    delete: 'Supprimer mes conversations',
    back: 'Retour à la discussion',
    confirmTitle: 'Supprimer vos conversations ?',
    confirmText:
      'Vos messages, les fichiers envoyés, votre nom et votre e-mail sont supprimés de nos systèmes immédiatement, et la discussion recommence. Cette action est irréversible.',
    confirm: 'Tout supprimer',
    cancel: 'Annuler',
    deletedTitle: 'Vos conversations ont été supprimées',
    deletedText: "Nous n'en gardons rien. Vous pouvez commencer une nouvelle conversation à tout moment.",
    offline: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
    failed: 'Un problème est survenu de notre côté. Réessayez dans un instant.',
  },
  de: {
    title: 'Ihre Daten',
    intro:
      'Alles, was wir in diesem Chat über Sie speichern: Ihre Unterhaltungen, gesendete Dateien, Ihr Name und Ihre E-Mail-Adresse, falls angegeben, und Ihr Browser.',
    download: 'Meine Unterhaltungen herunterladen',
    downloaded: '{name} heruntergeladen.',
    delete: 'Meine Unterhaltungen löschen',
    back: 'Zurück zum Chat',
    confirmTitle: 'Ihre Unterhaltungen löschen?',
    confirmText:
      'Ihre Nachrichten, gesendete Dateien, Ihr Name und Ihre E-Mail-Adresse werden sofort aus unseren Systemen gelöscht, und der Chat beginnt neu. Das lässt sich nicht rückgängig machen.',
    confirm: 'Alles löschen',
    cancel: 'Abbrechen',
    deletedTitle: 'Ihre Unterhaltungen wurden gelöscht',
    deletedText: 'Nichts davon wird aufbewahrt. Sie können jederzeit eine neue Unterhaltung beginnen.',
    offline: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    failed: 'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.',
  },
  es: {
    title: 'Tus datos',
    intro:
      'Todo lo que guardamos sobre ti en este chat: tus conversaciones, los archivos que enviaste, tu nombre y correo si los diste, y tu navegador.',
    download: 'Descargar mis conversaciones',
    downloaded: '{name} descargado.',
    delete: 'Eliminar mis conversaciones',
    back: 'Volver al chat',
    confirmTitle: '¿Eliminar tus conversaciones?',
    confirmText:
      'Tus mensajes, los archivos que enviaste, tu nombre y tu correo se eliminan de nuestros sistemas al instante, y el chat empieza de nuevo. No se puede deshacer.',
    confirm: 'Eliminar todo',
    cancel: 'Cancelar',
    deletedTitle: 'Tus conversaciones se eliminaron',
    deletedText: 'No guardamos nada de ellas. Puedes empezar una nueva conversación cuando quieras.',
    offline: 'No pudimos conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.',
    failed: 'Algo salió mal por nuestra parte. Inténtalo de nuevo en un momento.',
  },
};

/** The file name the server gave the export, else a plain one. */
export const fileNameOf = (disposition: string | null) =>
  /filename="([^"/\\]+)"/.exec(disposition ?? '')?.[1] ?? 'conversations.json';

type Step = 'menu' | 'confirm' | 'deleted';

export function Panel({ store, onClose: close }: PrivacyPanelProps) {
  // Back in the chat, the focus returns to the "Your data" button (the one header button with aria-expanded).
  const onClose = () => {
    close();
    document.querySelector<HTMLElement>('.bar [aria-expanded]')?.focus();
  };
  const s = STRINGS[document.documentElement.lang] ?? en;
  const [step, setStep] = useState<Step>('menu');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  /** Another step: what the last one said goes with it. */
  const go = (next: Step) => {
    setStep(next);
    setError('');
    setStatus('');
  };
  // Each step says where the visitor is: its heading takes the focus (screen readers read it).
  useEffect(() => heading.current?.focus(), [step]);

  /** One call with the visitor's session; a refusal or a lost connection becomes a sentence in their language. */
  const request = async (method: string, path: string) => {
    let res: Response;
    try {
      res = await fetch(path, { method, headers: { authorization: `Bearer ${store.token ?? ''}` } });
    } catch {
      throw s.offline;
    }
    if (!res.ok) throw s.failed;
    return res;
  };
  const run = (what: () => Promise<void>) => async () => {
    setBusy(true);
    setError('');
    setStatus('');
    try {
      await what();
    } catch (e) {
      setError(typeof e === 'string' ? e : s.failed);
    }
    setBusy(false);
  };

  const download = run(async () => {
    const res = await request('GET', '/api/v1/widget/export');
    const name = fileNameOf(res.headers.get('content-disposition'));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    setStatus(s.downloaded.replace('{name}', name));
  });
  const erase = run(async () => {
    await request('DELETE', '/api/v1/widget/visitor');
    // The server ended the session: forget it here (and in the other tabs), and start over as a new visitor.
    await store.reset();
    go('deleted');
  });

  const title = step === 'menu' ? s.title : step === 'confirm' ? s.confirmTitle : s.deletedTitle;
  return (
    <main
      class="body privacy"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || isBusy) return;
        // Escape leaves this panel, not the whole chat.
        e.stopPropagation();
        if (step === 'confirm') go('menu');
        else onClose();
      }}
    >
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {step === 'menu' && (
        <>
          <p>{s.intro}</p>
          <button type="button" class="secondary" disabled={isBusy} onClick={download}>
            {s.download}
          </button>
          <button type="button" class="secondary danger" disabled={isBusy} onClick={() => go('confirm')}>
            {s.delete}
          </button>
        </>
      )}
      {step === 'confirm' && (
        <>
          <p>{s.confirmText}</p>
          <button type="button" class="primary danger" disabled={isBusy} aria-busy={isBusy} onClick={erase}>
            {s.confirm}
          </button>
          <button type="button" class="secondary" disabled={isBusy} onClick={() => go('menu')}>
            {s.cancel}
          </button>
        </>
      )}
      {step === 'deleted' && <p>{s.deletedText}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="muted" role="status">
        {status}
      </p>
      {step !== 'confirm' && (
        <button type="button" class={step === 'deleted' ? 'primary' : 'back-link'} onClick={onClose}>
          {s.back}
        </button>
      )}
    </main>
  );
}
