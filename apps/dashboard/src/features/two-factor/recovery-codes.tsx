import { useState } from 'react';
import { useStrings } from '../../i18n/i18n';

/** Recovery codes, shown once: copy them, download them as a text file, then confirm they are saved. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useStrings().twoFactor.recovery;
  const [copied, setCopied] = useState(false);
  const text = `${t.fileHeading}\n\n${codes.join('\n')}\n`;
  const handleCopy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  const handleDownload = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'oceras-recovery-codes.txt' });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="stack" aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t.title}</h3>
      <p className="muted">{t.help}</p>
      <ul className="recovery-codes" aria-label={t.list}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="row-actions">
        <button type="button" className="btn" onClick={handleCopy}>
          {copied ? t.copied : t.copy}
        </button>
        <button type="button" className="btn" onClick={handleDownload}>
          {t.download}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </section>
  );
}
