import type { TOrganization } from '@oceras/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
        <h2 id="identity-title">Identity verification</h2>
        <p className="muted">
          Your server signs the signed-in user's id with this secret; the widget sends both. A verified user is the same
          visitor on every browser and device, and nobody can claim their conversations without the signature.
        </p>
        {secret && <ShownOnce label="Identity secret" value={secret} onDone={() => setSecret(null)} />}
        <pre className="mono code-example">{EXAMPLE}</pre>
        {rotate.isError && (
          <p className="error" role="alert">
            {errorMessage(rotate.error)}
          </p>
        )}
        {isConfirming ? (
          <div className="notice" role="alert">
            <p>Rotate the secret? Hashes made with the current one stop working at once.</p>
            <p className="row-actions">
              <button type="button" className="btn btn-danger" onClick={handleRotate}>
                Rotate now
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>
                Cancel
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
              {org.hasIdentitySecret ? 'Rotate secret' : 'Create secret'}
            </button>
          </div>
        )}
        <p className="muted">
          {org.hasIdentitySecret
            ? 'Rotating stops every hash made with the old secret at once; chats already open keep working until their session expires.'
            : 'No secret yet: every visitor is anonymous.'}
        </p>
      </section>
      <OrganizationSwitch
        org={org}
        name="requireVerifiedIdentity"
        title="Verified visitors only"
        label="Require verified identity"
        hint={(isOn) =>
          isOn
            ? 'Only visitors your site identifies with a valid hash can chat; others are asked to sign in.'
            : 'Anonymous visitors can chat too. Create a secret before turning this on.'
        }
      />
    </>
  );
}
