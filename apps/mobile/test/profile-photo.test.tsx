import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import * as ImagePicker from 'expo-image-picker';
import { ConversationScreen } from '@/features/conversation/conversation-screen';
import { ProfileScreen } from '@/features/settings/profile-screen';
import { visitorLabel } from '@/lib/format';
import { conversation, SERVER, signedIn } from './fake-server';
import { renderWithApp } from './render';

jest.mock('expo-image-picker', () => ({
  launchImageLibraryAsync: jest.fn(),
  launchCameraAsync: jest.fn(),
  requestCameraPermissionsAsync: jest.fn(),
}));
jest.mock('expo-file-system', () => ({
  File: class {},
  Paths: { document: 'file:///documents' },
  Directory: { pickDirectoryAsync: jest.fn() },
}));
const launchLibrary = ImagePicker.launchImageLibraryAsync as jest.Mock;

describe('the profile photo', () => {
  it('changes the photo from the library: uploaded with progress, then made the avatar Oceras serves', async () => {
    const t = await signedIn();
    t.server.fileStore.autoAnswer = false;
    renderWithApp(t.app, <ProfileScreen />);
    expect(screen.getByText('Colleagues and visitors see your initials.')).toBeTruthy();
    const { uri } = t.server.deviceFile('IMG_0007.jpg', 'image/jpeg', 180_000);
    launchLibrary.mockResolvedValueOnce({
      canceled: false,
      assets: [{ uri, fileName: 'IMG_0007.jpg', mimeType: 'image/jpeg', fileSize: 180_000, width: 900, height: 900 }],
    });
    fireEvent.press(screen.getByRole('button', { name: 'Choose a photo' }));
    await waitFor(() => expect(t.server.fileStore.requests).toHaveLength(1));
    // One photo from the library, images only, no EXIF asked of the picker.
    expect(launchLibrary.mock.calls[0]![0]).toMatchObject({ mediaTypes: ['images'], allowsMultipleSelection: false });
    expect(t.server.calls('createUpload')[0]!.body).toEqual({
      fileName: 'IMG_0007.jpg',
      contentType: 'image/jpeg',
      size: 180_000,
    });
    const request = t.server.fileStore.requests[0]!;
    act(() => request.progress(90_000));
    expect(await screen.findByText('Uploading… 50%')).toBeTruthy();
    await act(async () => request.answer(200));
    expect(await screen.findByText(/Your photo is saved/)).toBeTruthy();
    expect(t.server.calls('updateMe')[0]!.body).toEqual({ avatarAttachmentId: expect.any(String) });
    const avatarUrl = t.app.session.state.get().agent?.avatarUrl;
    expect(avatarUrl).toMatch(new RegExp(`^${SERVER}/api/v1/avatars/`));
    expect(screen.getByTestId('profile-photo').props.source).toEqual({ uri: avatarUrl });
  });

  it('removes the photo', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <ProfileScreen />);
    const { uri } = t.server.deviceFile('me.png', 'image/png', 20_000);
    launchLibrary.mockResolvedValueOnce({
      canceled: false,
      assets: [{ uri, fileName: 'me.png', mimeType: 'image/png', fileSize: 20_000, width: 100, height: 100 }],
    });
    fireEvent.press(screen.getByRole('button', { name: 'Choose a photo' }));
    await screen.findByRole('button', { name: 'Remove photo' });
    fireEvent.press(screen.getByRole('button', { name: 'Remove photo' }));
    expect(await screen.findByText(/Your photo is removed/)).toBeTruthy();
    expect(t.server.calls('updateMe').at(-1)!.body).toEqual({ avatarUrl: null });
    expect(t.app.session.state.get().agent?.avatarUrl).toBeNull();
    expect(screen.queryByTestId('profile-photo')).toBeNull();
  });

  it('picking nothing changes nothing', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <ProfileScreen />);
    launchLibrary.mockResolvedValueOnce({ canceled: true, assets: null });
    fireEvent.press(screen.getByRole('button', { name: 'Choose a photo' }));
    await waitFor(() => expect(launchLibrary).toHaveBeenCalled());
    expect(t.server.calls('createUpload')).toHaveLength(0);
    expect(t.server.calls('updateMe')).toHaveLength(0);
  });
});

describe('an erased visitor', () => {
  it('is "Erased visitor" in the header, and the composer writes notes only, saying why', async () => {
    const t = await signedIn();
    const c = conversation({ name: '' });
    c.visitor = { ...c.visitor, name: null, email: null, isErased: true };
    // The inbox row and the header title use the protocol's one label rule.
    expect(visitorLabel(c.visitor, c.number)).toBe('Erased visitor');
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, []);
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    expect(await screen.findByText(/nobody can read a reply/)).toBeTruthy();
    const reply = screen.getByRole('radio', { name: 'Reply' });
    expect(reply.props.accessibilityState).toMatchObject({ disabled: true, checked: false });
    expect(screen.getByRole('radio', { name: 'Internal note' }).props.accessibilityState).toMatchObject({
      checked: true,
    });
    expect(screen.getByLabelText('Note text')).toBeTruthy();
  });
});
