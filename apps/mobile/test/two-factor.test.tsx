import { mustSetUpTwoFactor } from '@oceras/protocol/two-factor';
import { fireEvent, screen, waitFor } from '@testing-library/react-native';
import { Linking } from 'react-native';
import { SignInScreen } from '@/features/auth/sign-in-screen';
import { ProfileScreen } from '@/features/settings/profile-screen';
import { TwoFactorRequiredScreen } from '@/features/settings/two-factor-required-screen';
import { me, SERVER, signedIn, testApp } from './fake-server';
import { renderWithApp } from './render';

async function enterPassword(t: ReturnType<typeof testApp>) {
  await t.app.session.restore();
  renderWithApp(t.app, <SignInScreen />);
  fireEvent.changeText(screen.getByLabelText('Server address'), SERVER);
  fireEvent.changeText(screen.getByLabelText('Email'), me.email);
  fireEvent.changeText(screen.getByLabelText('Password'), t.server.state.password);
  fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByText('Enter the 6-digit code from your authenticator app.');
}

describe('two-factor sign-in', () => {
  it('asks for the code after the password, refuses a wrong one, signs in with the right one', async () => {
    const t = testApp();
    t.server.state.twoFactor.isEnabled = true;
    await enterPassword(t);
    expect(t.app.session.state.get().status).toBe('signedOut');
    fireEvent.changeText(screen.getByLabelText('Authentication code'), '111 111');
    fireEvent.press(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('This code is wrong, was already used, or has expired.')).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText('Authentication code'), '246 810');
    fireEvent.press(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(t.app.session.state.get().status).toBe('signedIn'));
    expect(t.server.calls('loginTwoFactor').map((c) => c.body)).toEqual([
      { challengeToken: 'tfc_challenge', code: '111111' },
      { challengeToken: 'tfc_challenge', code: '246810' },
    ]);
    expect(t.app.session.state.get().twoFactorEnabled).toBe(true);
  });

  it('signs in with a recovery code instead', async () => {
    const t = testApp();
    t.server.state.twoFactor.isEnabled = true;
    await enterPassword(t);
    fireEvent.press(screen.getByRole('button', { name: 'Use a recovery code' }));
    fireEvent.changeText(screen.getByLabelText('Recovery code'), 'eeee-ffff-gggg-hhhh');
    fireEvent.press(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(t.app.session.state.get().status).toBe('signedIn'));
    expect(t.server.calls('loginTwoFactor')[0]?.body).toEqual({
      challengeToken: 'tfc_challenge',
      recoveryCode: 'eeee-ffff-gggg-hhhh',
    });
  });
});

describe('two-factor on the profile', () => {
  it('sets it up with the secret and the authenticator link, shows the recovery codes once, turns it off', async () => {
    const t = await signedIn();
    const open = jest.spyOn(Linking, 'openURL').mockResolvedValue(true);
    renderWithApp(t.app, <ProfileScreen />);
    fireEvent.press(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    expect((await screen.findByLabelText('Secret key')).props.children).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    fireEvent.press(screen.getByRole('button', { name: 'Open in authenticator app' }));
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/^otpauth:\/\/totp\//));
    fireEvent.changeText(screen.getByLabelText('Code from the app'), '246810');
    fireEvent.press(screen.getByRole('button', { name: 'Turn on' }));
    expect((await screen.findByLabelText('Recovery codes')).props.children).toBe(
      'aaaa-bbbb-cccc-dddd\neeee-ffff-gggg-hhhh',
    );
    fireEvent.press(screen.getByRole('button', { name: 'I have saved them' }));
    await screen.findByText('On: signing in asks for a code from your authenticator app.');
    expect(screen.queryByLabelText('Recovery codes')).toBeNull();
    expect(t.app.session.state.get().twoFactorEnabled).toBe(true);

    fireEvent.changeText(screen.getByLabelText('Current password for two-factor'), t.server.state.password);
    fireEvent.changeText(screen.getByLabelText('Two-factor code'), '000000');
    fireEvent.press(screen.getByRole('button', { name: 'Turn off two-factor' }));
    expect(await screen.findByText('This code is wrong, was already used, or has expired.')).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText('Two-factor code'), '246810');
    fireEvent.press(screen.getByRole('button', { name: 'Turn off two-factor' }));
    await screen.findByRole('button', { name: 'Set up two-factor authentication' });
    expect(t.app.session.state.get().twoFactorEnabled).toBe(false);
    open.mockRestore();
  });
});

describe('an organization that requires two-factor', () => {
  it('a refused call reloads the profile, which routes the agent to the setup until they enrol', async () => {
    const t = await signedIn();
    const enrolled = () => {
      const s = t.app.session.state.get();
      return !mustSetUpTwoFactor({ organization: s.organization!, twoFactorEnabled: s.twoFactorEnabled });
    };
    expect(enrolled()).toBe(true);
    t.server.state.requireTwoFactor = true;
    await expect(t.app.session.client.call('listConversations', { query: {} })).rejects.toMatchObject({
      code: 'TWO_FACTOR_REQUIRED',
    });
    await waitFor(() => expect(enrolled()).toBe(false));

    renderWithApp(t.app, <TwoFactorRequiredScreen />);
    expect(screen.getByText('Acme requires two-factor authentication. Set it up to continue.')).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    fireEvent.changeText(await screen.findByLabelText('Code from the app'), '246810');
    fireEvent.press(screen.getByRole('button', { name: 'Turn on' }));
    fireEvent.press(await screen.findByRole('button', { name: 'I have saved them' }));
    expect(enrolled()).toBe(true);
  });
});
