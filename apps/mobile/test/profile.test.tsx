import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import { Share } from 'react-native';
import { SignInScreen } from '@/features/auth/sign-in-screen';
import { ProfileScreen } from '@/features/settings/profile-screen';
import { SettingsScreen } from '@/features/settings/settings-screen';
import { SESSION_KEY } from '@/lib/session';
import { me, signedIn } from './fake-server';
import { mockRouter, renderWithApp } from './render';

// The phone's documents folder, as expo-file-system's File sees it.
const mockWritten = new Map<string, string>();
jest.mock('expo-file-system', () => {
  class File {
    uri: string;
    constructor(dir: string, name: string) {
      this.uri = `${dir}/${name}`;
    }
    create() {}
    write(text: string) {
      mockWritten.set(this.uri, text);
    }
  }
  return { File, Paths: { document: 'file:///documents' }, Directory: { pickDirectoryAsync: jest.fn() } };
});

describe('profile', () => {
  it('is reached from settings', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <SettingsScreen />);
    fireEvent.press(screen.getByRole('link', { name: 'Profile and your data' }));
    expect(mockRouter.push).toHaveBeenCalledWith('/profile');
  });

  it('changes the name', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <ProfileScreen />);
    const save = screen.getByRole('button', { name: 'Save name' });
    expect(save.props.accessibilityState).toMatchObject({ disabled: true });
    fireEvent.changeText(screen.getByLabelText('Name'), 'Ada Lovelace');
    fireEvent.press(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByText(/Your name is saved/)).toBeTruthy();
    expect(t.server.calls('updateMe')[0]!.body).toEqual({ name: 'Ada Lovelace' });
    expect(t.app.session.state.get().agent?.name).toBe('Ada Lovelace');
  });

  it('changes the sign-in email, saying why when the password is wrong or the email taken', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <ProfileScreen />);
    fireEvent.press(screen.getByRole('button', { name: 'Change email' }));
    expect(screen.getByText('Enter the new email and your current password.')).toBeTruthy();

    fireEvent.changeText(screen.getByLabelText('New email'), 'ada@new.test');
    fireEvent.changeText(screen.getByLabelText('Current password'), 'not it');
    fireEvent.press(screen.getByRole('button', { name: 'Change email' }));
    expect(await screen.findByText('That is not your current password. Your email was not changed.')).toBeTruthy();

    fireEvent.changeText(screen.getByLabelText('New email'), 'taken@acme.test');
    fireEvent.changeText(screen.getByLabelText('Current password'), t.server.state.password);
    fireEvent.press(screen.getByRole('button', { name: 'Change email' }));
    expect(await screen.findByText('Another account already uses this email. Choose another one.')).toBeTruthy();

    fireEvent.changeText(screen.getByLabelText('New email'), 'ada@new.test');
    fireEvent.changeText(screen.getByLabelText('Current password'), t.server.state.password);
    fireEvent.press(screen.getByRole('button', { name: 'Change email' }));
    expect(await screen.findByText('You now sign in with ada@new.test.')).toBeTruthy();
    expect(t.server.calls('changeEmail').at(-1)!.body).toEqual({
      email: 'ada@new.test',
      currentPassword: t.server.state.password,
    });
    expect(t.app.session.state.get().agent?.email).toBe('ada@new.test');
    expect(screen.getByLabelText('Current password').props.value).toBe('');
  });

  it('saves "my data" in the documents folder and offers it to the share sheet (iOS)', async () => {
    const t = await signedIn();
    const share = jest.spyOn(Share, 'share').mockResolvedValue({ action: 'sharedAction' });
    renderWithApp(t.app, <ProfileScreen />);
    fireEvent.press(screen.getByRole('button', { name: 'Download my data' }));
    expect(
      await screen.findByText(
        "Saved as oceras-my-data-2026-12-06.json in Oceras' documents: open the Files app, On My iPhone, Oceras.",
      ),
    ).toBeTruthy();
    const saved = JSON.parse(mockWritten.get('file:///documents/oceras-my-data-2026-12-06.json') ?? '{}');
    expect(saved).toMatchObject({ format: 'oceras.agent-export', agent: { email: me.email } });
    expect(share).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'file:///documents/oceras-my-data-2026-12-06.json' }),
    );
  });

  it("deletes the account after a confirmation; a refusal shows the server's sentence", async () => {
    const t = await signedIn();
    renderWithApp(t.app, <ProfileScreen />);
    fireEvent.press(screen.getByRole('button', { name: 'Delete my account…' }));
    expect(screen.getByText('Delete your account?')).toBeTruthy();
    expect(screen.getByText(/shown as from "Deleted agent"/)).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Keep my account' }));
    await waitFor(() => expect(screen.queryByText('Delete your account?')).toBeNull());
    expect(t.server.calls('deleteMe')).toHaveLength(0);

    t.server.state.refuseDeletion =
      'you are the last admin: make another agent admin first, or delete the organization';
    fireEvent.press(screen.getByRole('button', { name: 'Delete my account…' }));
    fireEvent.press(screen.getByRole('button', { name: 'Delete my account' }));
    expect(
      await screen.findByText('You are the last admin: make another agent admin first, or delete the organization.'),
    ).toBeTruthy();
    expect(t.app.session.state.get().status).toBe('signedIn');

    t.server.state.refuseDeletion = null;
    await act(async () => fireEvent.press(screen.getByRole('button', { name: 'Delete my account' })));
    await waitFor(() => expect(t.app.session.state.get().status).toBe('signedOut'));
    expect(t.server.state.deleted).toBe(true);
    expect(t.secure.data.has(SESSION_KEY)).toBe(false);
    screen.unmount();
    renderWithApp(t.app, <SignInScreen />);
    expect(screen.getByText(/Your account was deleted/)).toBeTruthy();
  });
});
