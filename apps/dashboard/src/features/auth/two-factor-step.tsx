import { ApiError } from '@oceras/protocol/client';
import { normalizeTwoFactorCode, TWO_FACTOR } from '@oceras/protocol/two-factor';
import { type FormEvent, useState } from 'react';
import { publicApi, session } from '../../lib/api';
import { errorMessage } from '../../lib/errors';

/**
 * The sign-in's second step: the code from the authenticator app, or one of the recovery codes. A challenge that
 * ended (5 minutes, or used) sends the agent back to the password with a word of why.
 */
export function TwoFactorStep({ challengeToken, onEnded }: { challengeToken: string; onEnded: (why: string) => void }) {
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
        onEnded('That sign-in took too long or was already used. Please enter your password again.');
        return;
      }
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={handleSubmit} className="stack">
      <p className="muted">
        {isRecovery
          ? 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.'
          : `Enter the ${TWO_FACTOR.digits}-digit code from your authenticator app.`}
      </p>
      <label>
        {isRecovery ? 'Recovery code' : 'Authentication code'}
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
        Verify
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
        {isRecovery ? 'Use the code from your app' : 'Use a recovery code'}
      </button>
    </form>
  );
}
