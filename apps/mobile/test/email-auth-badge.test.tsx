/**
 * An email's sender check under its message (issue 16's badge, issue 18's languages), as the dashboard shows it:
 * what the organization's mail relay found (SPF, DKIM, DMARC) through the protocol's `emailAuthSummary`, a warning
 * when a check failed or could not be made, each result in the agent's language, an accessible label that says
 * whether the sender was verified. A message without results (the widget's, or a relay that checked nothing) has none.
 */
import type { TEmailAuth } from '@oceras/protocol/email-auth';
import { act, render, screen } from '@testing-library/react-native';
import { MessageBubble } from '@/features/conversation/message-bubble';
import { applyLanguage } from '@/lib/i18n/i18n';
import { me, message } from './fake-server';

const RELAY = 'mx.acme.example';
/** A visitor's message as the server sends it to agents: `emailAuth` when a trusted relay reported on it. */
const show = (body: string, results?: Omit<TEmailAuth, 'authservId'>) =>
  render(
    <MessageBubble
      message={message('c1', 1, body, {
        author: { type: 'visitor', id: null, name: 'Mara', avatarUrl: null },
        emailAuth: results && { authservId: RELAY, ...results },
      })}
      meId={me.id}
    />,
  );
const badge = () => screen.getByRole('note');

describe('the email authentication badge on a message', () => {
  it('says the sender was verified when every check passed', () => {
    show('Signed mail', { spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    expect(badge()).toHaveTextContent('✓ SPF pass · DKIM pass · DMARC pass');
    expect(screen.getByLabelText('Sender verified: SPF pass · DKIM pass · DMARC pass')).toBe(badge());
  });

  it('warns when a check failed or could not be made, with only the checks the relay reported', () => {
    show('Spoofed mail', { spf: 'softfail', dkim: 'none', dmarc: 'fail' });
    expect(badge()).toHaveTextContent('⚠ SPF softfail · DKIM none · DMARC fail');
    expect(screen.getByLabelText('Sender not verified: SPF softfail · DKIM none · DMARC fail')).toBe(badge());
    show('Relay hiccup', { dkim: 'temperror' });
    expect(badge()).toHaveTextContent('⚠ DKIM temporary error');
    expect(screen.getByLabelText('Sender not verified: DKIM temporary error')).toBe(badge());
  });

  it('says the results in the agent’s language, the method names as they are, and follows a switch', () => {
    applyLanguage('fr');
    show('Courriel signé', { spf: 'pass', dkim: 'fail', dmarc: 'permerror' });
    expect(badge()).toHaveTextContent('⚠ SPF réussi · DKIM échec · DMARC erreur permanente');
    expect(screen.getByLabelText('Expéditeur non vérifié : SPF réussi · DKIM échec · DMARC erreur permanente')).toBe(
      badge(),
    );
    act(() => applyLanguage('de'));
    expect(badge()).toHaveTextContent('⚠ SPF bestanden · DKIM fehlgeschlagen · DMARC dauerhafter Fehler');
    expect(screen.getByLabelText(/^Absender nicht bestätigt: SPF bestanden/)).toBe(badge());
    act(() => applyLanguage('es'));
    expect(badge()).toHaveTextContent('⚠ SPF correcto · DKIM fallido · DMARC error permanente');
    expect(screen.getByLabelText(/^Remitente no verificado: SPF correcto/)).toBe(badge());
  });

  it('shows nothing on a message without results, or when the relay reported no check', () => {
    show('From the widget');
    expect(screen.getByText('From the widget')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
    show('Unchecked', {});
    expect(screen.getByText('Unchecked')).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });
});
