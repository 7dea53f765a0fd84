import type { TMeResponse, TTwoFactorSetup } from '@oceras/protocol';
import { normalizeTwoFactorCode } from '@oceras/protocol/two-factor';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';
import { QrCode } from './qr-code';
import { RecoveryCodes } from './recovery-codes';
import './two-factor.css';

/**
 * "Two-factor authentication" on the account page (and the whole page when the organization requires it and the
 * agent has none): set up with a QR code or the secret, confirm with a code, recovery codes shown once; turn off or
 * make new recovery codes with the password and a code.
 */
export default function TwoFactorCard({ me }: { me: TMeResponse }) {
  const t = useStrings().twoFactor;
  const [codes, setCodes] = useState<string[] | null>(null);
  const qc = useQueryClient();
  const handleSaved = () => {
    setCodes(null);
    // Only now: an agent the organization sends to setup goes on to the app once the codes are saved.
    qc.setQueryData(keys.me(), (m) => (m ? { ...m, twoFactorEnabled: true } : m));
  };
  return (
    <section className="card stack narrow" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t.title}</h2>
      {codes ? (
        <RecoveryCodes codes={codes} onDone={handleSaved} />
      ) : me.twoFactorEnabled ? (
        <ManageTwoFactor onCodes={setCodes} />
      ) : (
        <SetUpTwoFactor onEnabled={setCodes} />
      )}
    </section>
  );
}

function SetUpTwoFactor({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const t = useStrings().twoFactor;
  const [setup, setSetup] = useState<TTwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const start = useMutation({ mutationFn: () => api.call('setUpTwoFactor'), onSuccess: setSetup });
  const enable = useMutation({
    mutationFn: () => api.call('enableTwoFactor', { body: { code: normalizeTwoFactorCode(code) } }),
    onSuccess: (r) => onEnabled(r.recoveryCodes),
  });
  const handleConfirm = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate();
  };
  if (!setup)
    return (
      <>
        <p className="muted">{t.off}</p>
        {start.isError && (
          <p className="error" role="alert">
            {errorMessage(start.error)}
          </p>
        )}
        <div>
          <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate()}>
            {t.setUp}
          </button>
        </div>
      </>
    );
  return (
    <form className="stack" onSubmit={handleConfirm}>
      <p>{t.scan}</p>
      <QrCode text={setup.otpauthUrl} label={t.qrLabel} />
      <p className="muted">
        {t.orKey} <code className="two-factor-secret">{setup.secret.replace(/(.{4})/g, '$1 ')}</code>
      </p>
      <label>
        {t.enterCode}
        <input
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          maxLength={9}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {enable.isError && (
        <p className="error" role="alert">
          {errorMessage(enable.error)}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={enable.isPending}>
          {t.turnOn}
        </button>
      </div>
    </form>
  );
}

function ManageTwoFactor({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const t = useStrings().twoFactor;
  const qc = useQueryClient();
  const [currentPassword, setPassword] = useState('');
  const [code, setCode] = useState('');
  const body = () => ({ currentPassword, code: code.trim() });
  const turnOff = useMutation({
    mutationFn: () => api.call('disableTwoFactor', { body: body() }),
    onSuccess: () => qc.setQueryData(keys.me(), (m) => (m ? { ...m, twoFactorEnabled: false } : m)),
  });
  const regenerate = useMutation({
    mutationFn: () => api.call('regenerateRecoveryCodes', { body: body() }),
    onSuccess: (r) => onCodes(r.recoveryCodes),
  });
  const failed = turnOff.error ?? regenerate.error;
  const isBusy = turnOff.isPending || regenerate.isPending;
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    const which = (e.nativeEvent as SubmitEvent).submitter?.getAttribute('value');
    (which === 'regenerate' ? regenerate : turnOff).mutate();
  };
  return (
    <form className="stack" onSubmit={handleSubmit}>
      <p className="ok" role="status">
        {t.on}
      </p>
      <p className="muted">{t.manageHelp}</p>
      <label>
        {t.currentPassword}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        {t.codeOrRecovery}
        <input
          autoComplete="one-time-code"
          required
          maxLength={64}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {failed && (
        <p className="error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" name="action" value="regenerate" className="btn" disabled={isBusy}>
          {t.newRecoveryCodes}
        </button>
        <button type="submit" name="action" value="off" className="btn btn-danger" disabled={isBusy}>
          {t.turnOff}
        </button>
      </div>
    </form>
  );
}
