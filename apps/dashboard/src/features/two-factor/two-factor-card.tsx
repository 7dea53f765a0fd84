import type { TMeResponse, TTwoFactorSetup } from '@oceras/protocol';
import { normalizeTwoFactorCode } from '@oceras/protocol/two-factor';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
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
  const [codes, setCodes] = useState<string[] | null>(null);
  const qc = useQueryClient();
  const handleSaved = () => {
    setCodes(null);
    // Only now: an agent the organization sends to setup goes on to the app once the codes are saved.
    qc.setQueryData(keys.me(), (m) => (m ? { ...m, twoFactorEnabled: true } : m));
  };
  return (
    <section className="card stack narrow" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-factor authentication</h2>
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
        <p className="muted">
          Off. With it on, signing in asks for a code from an authenticator app on your phone (such as 1Password, Google
          Authenticator or Authy) after your password.
        </p>
        {start.isError && (
          <p className="error" role="alert">
            {errorMessage(start.error)}
          </p>
        )}
        <div>
          <button type="button" className="btn btn-primary" disabled={start.isPending} onClick={() => start.mutate()}>
            Set up two-factor authentication
          </button>
        </div>
      </>
    );
  return (
    <form className="stack" onSubmit={handleConfirm}>
      <p>1. Scan this code with your authenticator app.</p>
      <QrCode text={setup.otpauthUrl} label="QR code for your authenticator app" />
      <p className="muted">
        Or type this key into the app:{' '}
        <code className="two-factor-secret">{setup.secret.replace(/(.{4})/g, '$1 ')}</code>
      </p>
      <label>
        2. Enter the 6-digit code the app shows
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
          Turn on
        </button>
      </div>
    </form>
  );
}

function ManageTwoFactor({ onCodes }: { onCodes: (codes: string[]) => void }) {
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
        On: signing in asks for a code from your authenticator app.
      </p>
      <p className="muted">To turn it off or make new recovery codes, confirm with your password and a code.</p>
      <label>
        Current password
        <input
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label>
        Code from the app, or a recovery code
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
          New recovery codes
        </button>
        <button type="submit" name="action" value="off" className="btn btn-danger" disabled={isBusy}>
          Turn off
        </button>
      </div>
    </form>
  );
}
