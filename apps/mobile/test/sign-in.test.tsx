import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import { Platform } from 'react-native';
import { SignInScreen } from '@/features/auth/sign-in-screen';
import { colors } from '@/features/ui/theme';
import { signOut } from '@/lib/app';
import { SESSION_KEY } from '@/lib/session';
import { me, SERVER, testApp } from './fake-server';
import { renderWithApp } from './render';

describe('sign-in', () => {
  it('signs in with server, email and password; keeps only the refresh token; sign-out ends the session', async () => {
    const t = testApp();
    await t.app.session.restore(); // nothing stored: signed out
    renderWithApp(t.app, <SignInScreen />);

    fireEvent.changeText(screen.getByLabelText('Server address'), 'chat.acme.test/');
    fireEvent.changeText(screen.getByLabelText('Email'), me.email);
    fireEvent.changeText(screen.getByLabelText('Password'), 'not it');
    fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password.')).toBeTruthy();
    expect(t.app.session.state.get().status).toBe('signedOut');

    fireEvent.changeText(screen.getByLabelText('Password'), t.server.state.password);
    fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(t.app.session.state.get().status).toBe('signedIn'));

    const login = t.server.calls('login')[0]!;
    expect(login.path).toBe('/api/v1/auth/login');
    expect(t.server.fetch).toHaveBeenCalledWith(`${SERVER}/api/v1/auth/login`, expect.anything());
    const stored = JSON.parse(t.secure.data.get(SESSION_KEY) ?? '{}');
    expect(stored).toEqual({
      serverUrl: SERVER,
      refreshToken: expect.stringMatching(/^refresh-token-/),
      sessionId: expect.any(String),
    });
    expect(JSON.stringify([...t.secure.data.values(), ...t.cache.data.values()])).not.toContain('accessToken');
    expect(t.app.session.state.get().agent?.email).toBe(me.email);

    await act(() => signOut(t.app));
    expect(t.server.calls('logout')[0]?.body).toEqual({ refreshToken: stored.refreshToken });
    expect(t.secure.data.has(SESSION_KEY)).toBe(false);
    expect(t.app.session.state.get()).toMatchObject({ status: 'signedOut', agent: null });
  });

  it('says when the server cannot be reached', async () => {
    const t = testApp();
    t.server.state.isOnline = false;
    await t.app.session.restore();
    renderWithApp(t.app, <SignInScreen />);
    fireEvent.changeText(screen.getByLabelText('Server address'), SERVER);
    fireEvent.changeText(screen.getByLabelText('Email'), me.email);
    fireEvent.changeText(screen.getByLabelText('Password'), 'whatever');
    fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Could not reach the server/)).toBeTruthy();
  });

  it("on the web, names the page's origin for CORS_ORIGINS when the server answers but the browser refused", async () => {
    const os = Platform.OS;
    Platform.OS = 'web';
    globalThis.location = { origin: 'http://localhost:8081' } as Location;
    try {
      const t = testApp();
      t.server.state.isCorsRefused = true;
      await t.app.session.restore();
      renderWithApp(t.app, <SignInScreen />);
      fireEvent.changeText(screen.getByLabelText('Server address'), SERVER);
      fireEvent.changeText(screen.getByLabelText('Email'), me.email);
      fireEvent.changeText(screen.getByLabelText('Password'), 'whatever');
      fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
      expect(
        await screen.findByText(
          "The server answered, but it does not accept sign-ins from this page (http://localhost:8081). Add http://localhost:8081 to the server's CORS_ORIGINS setting and restart it.",
        ),
      ).toBeTruthy();
      // It asked the one route open to every origin, not the agent API again.
      expect(t.server.fetch).toHaveBeenCalledWith(`${SERVER}/api/v1/widget/config`, expect.anything());
      // A server that does not answer at all is still "could not reach".
      t.server.state.isOnline = false;
      fireEvent.press(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByText(/^Could not reach the server/)).toBeTruthy();
    } finally {
      Platform.OS = os;
      // @ts-expect-error: back to no location, as on a phone
      delete globalThis.location;
    }
  });

  it('starts with an empty server field and a lighter placeholder; the last server comes back after sign-out', async () => {
    const t = testApp();
    await t.app.session.restore();
    renderWithApp(t.app, <SignInScreen />);
    const field = screen.getByLabelText('Server address');
    expect(field.props.value).toBe('');
    expect(field.props.placeholder).toBe('https://chat.example.com');
    expect(field.props.placeholderTextColor).toBe(colors.placeholder);
    expect(screen.getByLabelText('Email').props.placeholderTextColor).toBe(colors.placeholder);
    expect(colors.placeholder).not.toBe(colors.text);
    // The dashboard's name and accent.
    expect(screen.getByText('Oceras')).toBeTruthy();
    expect(colors.primary).toBe('#1f4fd8');
    screen.unmount();

    await t.app.session.signIn(SERVER, me.email, t.server.state.password);
    await act(() => signOut(t.app));
    renderWithApp(t.app, <SignInScreen />);
    expect(screen.getByLabelText('Server address').props.value).toBe(SERVER);
  });
});
