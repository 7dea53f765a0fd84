import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import { SignInScreen } from '@/features/auth/sign-in-screen';
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
});
