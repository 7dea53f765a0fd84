import { ApiError } from '@oceras/protocol/client';
import { normalizeTwoFactorCode, TWO_FACTOR } from '@oceras/protocol/two-factor';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { publicApi, session } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/**
 * The sign-in's second step: the code from the authenticator app, or one of the recovery codes. A challenge that
 * ended (5 minutes, or used) sends the agent back to the password with a word of why.
 */
export function TwoFactorStep({ challengeToken, onEnded }: { challengeToken: string; onEnded: (why: string) => void }) {
  const t = useStrings().auth.code;
  const [isRecovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = isRecovery
        ? { challengeToken, recoveryCode: value.trim() }
        : { challengeToken, code: normalizeTwoFactorCode(value) };
      session.signIn(await publicApi.call('loginTwoFactor', { body }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TWO_FACTOR_CHALLENGE_INVALID') {
        onEnded(t.tooLong);
        return;
      }
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={handleSubmit} className="stack">
      <p className="muted">{isRecovery ? t.recoveryHelp : fill(t.appHelp, { digits: TWO_FACTOR.digits })}</p>
      <label>
        {isRecovery ? t.recoveryCode : t.authenticationCode}
        <input
          // Keyed so that switching between the two empties the field and the browser forgets what it suggested.
          key={isRecovery ? 'recovery' : 'code'}
          autoComplete="one-time-code"
          inputMode={isRecovery ? 'text' : 'numeric'}
          autoCapitalize="off"
          spellCheck={false}
          required
          // biome-ignore lint/a11y/noAutofocus: the only field of the step that follows the password
          autoFocus
          maxLength={isRecovery ? 64 : 9}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={isBusy}>
        {t.verify}
      </button>
      <button
        type="button"
        className="btn btn-link"
        onClick={() => {
          setRecovery(!isRecovery);
          setValue('');
          setError(null);
        }}
      >
        {isRecovery ? t.useApp : t.useRecovery}
      </button>
    </form>
  );
}
