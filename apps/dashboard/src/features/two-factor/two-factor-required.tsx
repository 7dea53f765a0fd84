import type { TMeResponse } from '@oceras/protocol';
import { fill, useStrings } from '../../i18n/i18n';
import { session } from '../../lib/api';
import TwoFactorCard from './two-factor-card';

/** The one screen of an agent whose organization requires two-factor and who has none yet. */
export default function TwoFactorRequired({ me }: { me: TMeResponse }) {
  const t = useStrings().twoFactor;
  return (
    <main className="auth">
      <div className="auth-card auth-card-wide">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Oceras
        </div>
        <p className="notice" role="status">
          {fill(t.required, { organization: me.organization.name })}
        </p>
        <TwoFactorCard me={me} />
        <button type="button" className="btn btn-ghost" onClick={() => session.signOut()}>
          {t.signOut}
        </button>
      </div>
    </main>
  );
}
