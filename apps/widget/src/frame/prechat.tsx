import type { TConsent } from '@oceras/protocol';
import { useEffect, useState } from 'preact/hooks';
import type { Strings } from './i18n.js';
import { safeHref } from './linkify.js';
import type { ChatState } from './reducer.js';

interface Props {
  state: ChatState;
  t: Strings;
  /** `consent`: what the form showed (the policy link and version), which the server records with the time. */
  onSubmit: (who: { name: string; email: string }, consent: TConsent) => Promise<void>;
  onSkip: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Name and email before the first message: optional (with Skip) or required, as the organization chose. */
export function PreChat({ state, t, onSubmit, onSkip }: Props) {
  const isRequired = state.settings?.preChatForm === 'required';
  const [name, setName] = useState(state.visitor?.name ?? '');
  const [email, setEmail] = useState(state.visitor?.email ?? '');
  const [errors, setErrors] = useState<{ name?: string; email?: string }>({});
  const [isBusy, setBusy] = useState(false);
  useEffect(() => document.getElementById('pc-name')?.focus(), []);
  // identify() from the page may name the visitor while the form is shown: fill what is still empty.
  useEffect(() => {
    if (state.visitor?.name) setName((v) => v || state.visitor!.name!);
    if (state.visitor?.email) setEmail((v) => v || state.visitor!.email!);
  }, [state.visitor?.name, state.visitor?.email]);
  const policy = state.settings?.privacyPolicyUrl ? safeHref(state.settings.privacyPolicyUrl) : null;

  const handleSubmit = async (e: Event) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (isRequired && !name.trim()) next.name = t.nameRequired;
    if ((isRequired || email.trim()) && !EMAIL.test(email.trim())) next.email = t.emailInvalid;
    setErrors(next);
    if (next.name || next.email) {
      const field = document.getElementById(next.name ? 'pc-name' : 'pc-email');
      field?.focus();
      return;
    }
    setBusy(true);
    try {
      const version = policy ? (state.settings?.privacyPolicyVersion ?? null) : null;
      await onSubmit({ name: name.trim(), email: email.trim() }, { policyUrl: policy, policyVersion: version });
    } catch {
      setErrors({ email: t.emailInvalid });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="prechat" onSubmit={handleSubmit} noValidate aria-labelledby="pc-title">
      <h2 id="pc-title">{t.preChatTitle}</h2>
      <p>{t.preChatIntro}</p>
      <label for="pc-name">
        {t.name} {!isRequired && <span class="muted">{t.optional}</span>}
      </label>
      <input
        id="pc-name"
        name="name"
        autocomplete="name"
        maxLength={120}
        value={name}
        required={isRequired}
        aria-invalid={errors.name ? 'true' : undefined}
        aria-describedby={errors.name ? 'pc-name-error' : undefined}
        onInput={(e) => setName((e.target as HTMLInputElement).value)}
      />
      {errors.name && (
        <p id="pc-name-error" class="error">
          {errors.name}
        </p>
      )}
      <label for="pc-email">
        {t.email} {!isRequired && <span class="muted">{t.optional}</span>}
      </label>
      <input
        id="pc-email"
        name="email"
        type="email"
        autocomplete="email"
        maxLength={254}
        value={email}
        required={isRequired}
        aria-invalid={errors.email ? 'true' : undefined}
        aria-describedby={errors.email ? 'pc-email-error' : undefined}
        onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
      />
      {errors.email && (
        <p id="pc-email-error" class="error">
          {errors.email}
        </p>
      )}
      <p class="consent">
        {policy ? (
          <>
            {t.consent}{' '}
            <a href={policy} target="_blank" rel="noopener noreferrer nofollow">
              {t.privacyPolicy}
            </a>
            {t.consentAfter}
          </>
        ) : (
          t.consentNoPolicy
        )}
      </p>
      <div class="actions">
        {!isRequired && (
          <button type="button" class="secondary" onClick={onSkip}>
            {t.skip}
          </button>
        )}
        <button type="submit" class="primary" disabled={isBusy}>
          {t.start}
        </button>
      </div>
    </form>
  );
}
