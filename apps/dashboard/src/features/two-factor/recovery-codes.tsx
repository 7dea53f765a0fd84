import { useState } from 'react';

/** Recovery codes, shown once: copy them, download them as a text file, then confirm they are saved. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Oceras recovery codes (each works once)\n\n${codes.join('\n')}\n`;
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
      <h3 id="recovery-title">Save your recovery codes</h3>
      <p className="muted">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. They are shown
        only now: keep them somewhere safe, such as a password manager.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="row-actions">
        <button type="button" className="btn" onClick={handleCopy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn" onClick={handleDownload}>
          Download
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </section>
  );
}
