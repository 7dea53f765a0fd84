import type { TMeResponse } from '@oceras/protocol';
import { session } from '../../lib/api';
import TwoFactorCard from './two-factor-card';

/** The one screen of an agent whose organization requires two-factor and who has none yet. */
export default function TwoFactorRequired({ me }: { me: TMeResponse }) {
  return (
    <main className="auth">
      <div className="auth-card auth-card-wide">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Oceras
        </div>
        <p className="notice" role="status">
          {me.organization.name} requires two-factor authentication. Set it up to continue.
        </p>
        <TwoFactorCard me={me} />
        <button type="button" className="btn btn-ghost" onClick={() => session.signOut()}>
          Sign out
        </button>
      </div>
    </main>
  );
}
