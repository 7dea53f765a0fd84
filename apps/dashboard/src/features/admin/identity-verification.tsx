import type { TOrganization } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';
import { ShownOnce } from '../integrations/shown-once';
import { OrganizationSwitch } from './organization-switch';
import './identity-verification.css';

const EXAMPLE = `// On your server, for the signed-in user (Node.js):
const crypto = require('node:crypto');
const secret = process.env.OCERAS_IDENTITY_SECRET;
const userHash = crypto.createHmac('sha256', secret).update(userId).digest('hex');

// In the page, after the widget snippet:
Oceras.identify({ userId, userHash, name, email });`;

/**
 * "Identity verification": the secret the customer's backend signs user ids with (created or rotated here, shown
 * once), how to sign, and the switch that refuses anonymous visitors.
 */
export function IdentityVerification({ org }: { org: TOrganization }) {
  const t = useStrings().admin.identity;
  const qc = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => api.call('createIdentitySecret'),
    onSuccess: ({ identitySecret }) => {
      setSecret(identitySecret);
      qc.setQueryData(keys.organization(), { ...org, hasIdentitySecret: true });
    },
  });
  // Rotating breaks every hash in use at once: asked twice, in the page.
  const [isConfirming, setConfirming] = useState(false);
  const handleRotate = () => {
    setConfirming(false);
    rotate.mutate();
  };
  return (
    <>
      <section className="card stack narrow" aria-labelledby="identity-title">
        <h2 id="identity-title">{t.title}</h2>
        <p className="muted">{t.help}</p>
        {secret && <ShownOnce label={t.secret} value={secret} onDone={() => setSecret(null)} />}
        <pre className="mono code-example">{EXAMPLE}</pre>
        {rotate.isError && (
          <p className="error" role="alert">
            {errorMessage(rotate.error)}
          </p>
        )}
        {isConfirming ? (
          <div className="notice" role="alert">
            <p>{t.confirmRotate}</p>
            <p className="row-actions">
              <button type="button" className="btn btn-danger" onClick={handleRotate}>
                {t.rotateNow}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>
                {t.cancel}
              </button>
            </p>
          </div>
        ) : (
          <div>
            <button
              type="button"
              className="btn"
              onClick={() => (org.hasIdentitySecret ? setConfirming(true) : handleRotate())}
              disabled={rotate.isPending}
            >
              {org.hasIdentitySecret ? t.rotate : t.create}
            </button>
          </div>
        )}
        <p className="muted">{org.hasIdentitySecret ? t.rotateHelp : t.noSecret}</p>
      </section>
      <OrganizationSwitch
        org={org}
        name="requireVerifiedIdentity"
        title={t.requireTitle}
        label={t.requireLabel}
        hint={(isOn) => (isOn ? t.requireOn : t.requireOff)}
      />
    </>
  );
}
