import { act, fireEvent, screen, waitFor } from '@testing-library/react-native';
import * as DocumentPicker from 'expo-document-picker';
import * as ImagePicker from 'expo-image-picker';
import { Linking } from 'react-native';
import { ConversationScreen } from '@/features/conversation/conversation-screen';
import { previewSize } from '@/features/conversation/message-attachments';
import { OUTBOX_KEY } from '@/lib/outbox';
import { conversation, message, SERVER, signedIn, testApp } from './fake-server';
import { renderWithApp } from './render';

jest.mock('expo-document-picker', () => ({ getDocumentAsync: jest.fn() }));
jest.mock('expo-image-picker', () => ({
  launchImageLibraryAsync: jest.fn(),
  launchCameraAsync: jest.fn(),
  requestCameraPermissionsAsync: jest.fn(),
}));
const getDocument = DocumentPicker.getDocumentAsync as jest.Mock;
const launchLibrary = ImagePicker.launchImageLibraryAsync as jest.Mock;
const launchCamera = ImagePicker.launchCameraAsync as jest.Mock;
const cameraPermission = ImagePicker.requestCameraPermissionsAsync as jest.Mock;

const ready = (seq = 10) => ({ protocolVersion: 1, seq, replayed: 0 });

async function open(t?: Awaited<ReturnType<typeof signedIn>>) {
  t ??= await signedIn();
  const c = conversation({ name: 'Vera Visitor' });
  t.server.state.conversations = [c];
  t.server.state.messages.set(c.id, [message(c.id, 1, 'Here is my invoice question')]);
  renderWithApp(t.app, <ConversationScreen id={c.id} />);
  expect(await screen.findByText('Here is my invoice question')).toBeTruthy();
  await act(async () => t.socket.fire('session.ready', ready()));
  return { ...t, c };
}

type T = Awaited<ReturnType<typeof open>>;

/** The agent picks files through the document picker. */
async function attachFile(t: T, ...files: { name: string; type: string; size: number }[]) {
  const assets = files.map((f) => {
    const { uri } = t.server.deviceFile(f.name, f.type, f.size);
    return { uri, name: f.name, mimeType: f.type, size: f.size, lastModified: 0 };
  });
  getDocument.mockResolvedValueOnce({ canceled: false, assets });
  fireEvent.press(screen.getByRole('button', { name: 'Attach files' }));
  fireEvent.press(screen.getByRole('menuitem', { name: 'File' }));
  for (const f of files) await screen.findByText(f.name);
}

const sendButton = () => screen.getByRole('button', { name: 'Send reply' });
const isDisabled = (el: ReturnType<typeof sendButton>) => !!el.props.accessibilityState?.disabled;

describe('attachments in the composer', () => {
  it('uploads a picked file with progress, then sends it with the reply; the thread shows its card, which opens it', async () => {
    const t = await open();
    t.server.fileStore.autoAnswer = false;
    await attachFile(t, { name: 'invoice.pdf', type: 'application/pdf', size: 300_000 });
    expect(screen.getByText(/293 kB/)).toBeTruthy();
    await waitFor(() => expect(t.server.fileStore.requests).toHaveLength(1));
    const request = t.server.fileStore.requests[0]!;
    expect(request).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/pdf' } });
    expect(request.url).toMatch(new RegExp(`^${SERVER}/files/.+/upload`));
    expect(t.server.calls('createUpload')[0]!.body).toEqual({
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 300_000,
    });

    // Send waits for the upload.
    fireEvent.changeText(screen.getByLabelText('Reply text'), 'The invoice you asked for');
    expect(isDisabled(sendButton())).toBe(true);
    await act(async () => request.progress(150_000));
    expect(screen.getByRole('progressbar', { name: 'Upload of invoice.pdf' }).props['aria-valuenow']).toBe(50);
    expect(screen.getByText(/50%/)).toBeTruthy();
    await act(async () => request.answer(200));
    expect(await screen.findByText(/ready/)).toBeTruthy();
    expect(isDisabled(sendButton())).toBe(false);

    fireEvent.press(sendButton());
    await waitFor(() => expect(t.server.calls('sendMessage')).toHaveLength(1));
    const [upload] = [...t.server.state.uploads.keys()];
    expect(t.server.calls('sendMessage')[0]!.body).toMatchObject({
      body: 'The invoice you asked for',
      type: 'message',
      attachmentIds: [upload],
    });
    const card = await screen.findByRole('link', { name: /^File invoice\.pdf, 293 kB/ });
    expect(screen.queryByRole('progressbar')).toBeNull(); // the composer is empty again
    const openUrl = jest.spyOn(Linking, 'openURL').mockResolvedValue(true);
    fireEvent.press(card);
    expect(openUrl).toHaveBeenCalledWith(`${SERVER}/files/${upload}`);
  });

  it('sends photos alone as an internal note; the preview keeps its place, gets its thumbnail live and opens full screen', async () => {
    const t = await open();
    const photo = t.server.deviceFile('IMG_0042.jpg', 'image/jpeg', 2_400_000);
    launchLibrary.mockResolvedValueOnce({
      canceled: false,
      assets: [{ uri: photo.uri, fileName: 'IMG_0042.jpg', mimeType: 'image/jpeg', width: 4032, height: 3024 }],
    });
    fireEvent.press(screen.getByRole('radio', { name: 'Internal note' }));
    fireEvent.press(screen.getByRole('button', { name: 'Attach files' }));
    fireEvent.press(screen.getByRole('menuitem', { name: 'Photo library' }));
    expect(await screen.findByText(/ready/)).toBeTruthy();
    // The size was missing from the picker: it is the bytes read.
    expect(t.server.calls('createUpload')[0]!.body).toMatchObject({ fileName: 'IMG_0042.jpg', size: 2_400_000 });
    fireEvent.press(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(t.server.calls('sendMessage')).toHaveLength(1));
    expect(t.server.calls('sendMessage')[0]!.body).toMatchObject({ body: '', type: 'note' });

    const preview = () => screen.getByRole('button', { name: 'Image IMG_0042.jpg, open full screen' });
    await waitFor(() => expect(preview()).toBeTruthy());
    const image = () => screen.getAllByLabelText('IMG_0042.jpg')[0]!;
    const id = [...t.server.state.uploads.keys()][0]!;
    expect(image().props.source).toEqual({ uri: `${SERVER}/files/${id}` });

    // The server computed the thumbnail and the dimensions: the same message, completed in place.
    const stored = t.server.state.messages.get(t.c.id)!.at(-1)!;
    const done = {
      ...stored.attachments![0]!,
      width: 4032,
      height: 3024,
      thumbnailUrl: `${SERVER}/files/${id}/thumbnail`,
    };
    await act(async () =>
      t.socket.fire('attachment.ready', {
        seq: 12,
        at: new Date().toISOString(),
        data: { conversationId: t.c.id, messageId: stored.id, attachment: done },
      }),
    );
    expect(image().props.source).toEqual({ uri: `${SERVER}/files/${id}/thumbnail` });
    expect(image().props.style).toMatchObject({ width: 220, height: 165 });

    fireEvent.press(preview());
    expect(await screen.findByText('4032 × 3024', { exact: false })).toBeTruthy();
    const openUrl = jest.spyOn(Linking, 'openURL').mockResolvedValue(true);
    fireEvent.press(screen.getByRole('button', { name: 'Open IMG_0042.jpg' }));
    expect(openUrl).toHaveBeenCalledWith(`${SERVER}/files/${id}`);
    fireEvent.press(screen.getByRole('button', { name: 'Close image' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Close image' })).toBeNull());
  });

  it('says why an upload failed; Retry asks for a new upload URL; a refused file must be removed', async () => {
    const t = await open();
    t.server.fileStore.autoAnswer = false;
    await attachFile(t, { name: 'log.txt', type: 'text/plain', size: 1200 });
    await waitFor(() => expect(t.server.fileStore.requests).toHaveLength(1));
    await act(async () => t.server.fileStore.requests[0]!.answer(403, ''));
    expect(await screen.findByText('The upload link expired; try again.')).toBeTruthy();

    t.server.fileStore.autoAnswer = true;
    fireEvent.press(screen.getByRole('button', { name: 'Retry log.txt' }));
    expect(await screen.findByText(/ready/)).toBeTruthy();
    const [first, second] = [...t.server.state.uploads.keys()];
    expect(t.server.calls('createUpload')).toHaveLength(2);
    expect(t.server.fileStore.requests[1]!.url).toContain(second);
    expect(first).not.toBe(second);

    // Refused by the organization's limits: no Retry, and Send waits until it is removed.
    t.server.state.refuseUpload = {
      status: 413,
      code: 'FILE_TOO_LARGE',
      message: 'files up to 25 MB can be attached',
    };
    await attachFile(t, { name: 'video.zip', type: 'application/zip', size: 90_000_000 });
    expect(await screen.findByText('Files up to 25 MB can be attached')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry video.zip' })).toBeNull();
    expect(screen.getByText('Remove the files that cannot be sent to send the message.')).toBeTruthy();
    expect(isDisabled(sendButton())).toBe(true);
    fireEvent.press(screen.getByRole('button', { name: 'Remove video.zip' }));
    expect(isDisabled(sendButton())).toBe(false);
    fireEvent.press(sendButton());
    await waitFor(() => expect(t.server.calls('sendMessage')).toHaveLength(1));
    expect(t.server.calls('sendMessage')[0]!.body).toMatchObject({ body: '', attachmentIds: [second] });
  });

  it('cancels an upload in progress', async () => {
    const t = await open();
    t.server.fileStore.autoAnswer = false;
    await attachFile(t, { name: 'big.pdf', type: 'application/pdf', size: 5_000_000 });
    await waitFor(() => expect(t.server.fileStore.requests).toHaveLength(1));
    fireEvent.press(screen.getByRole('button', { name: 'Cancel upload of big.pdf' }));
    expect(t.server.fileStore.requests[0]!.isAborted).toBe(true);
    expect(screen.queryByText('big.pdf')).toBeNull();
    expect(isDisabled(sendButton())).toBe(true);
  });

  it('says so when the camera is not allowed', async () => {
    await open();
    cameraPermission.mockResolvedValueOnce({ granted: false, status: 'denied', canAskAgain: false });
    fireEvent.press(screen.getByRole('button', { name: 'Attach files' }));
    fireEvent.press(screen.getByRole('menuitem', { name: 'Camera' }));
    expect(
      await screen.findByText('Oceras may not use the camera. Allow it in the Settings app to take a photo.'),
    ).toBeTruthy();
    expect(launchCamera).not.toHaveBeenCalled();
  });

  it('a reply with a file written offline is kept across a restart, then uploaded and sent in order when back online', async () => {
    const t = await open();
    await act(async () => t.socket.fire('disconnect', 'transport close'));
    t.server.state.isOnline = false;
    fireEvent.changeText(screen.getByLabelText('Reply text'), 'First, the words');
    fireEvent.press(sendButton());
    await attachFile(t, { name: 'receipt.png', type: 'image/png', size: 4096 });
    expect(await screen.findByText(/it will be uploaded when you send/)).toBeTruthy();
    fireEvent.changeText(screen.getByLabelText('Reply text'), 'Then the receipt');
    fireEvent.press(sendButton());
    await waitFor(() => expect(screen.getAllByText('Waiting for connection…')).toHaveLength(2));
    expect(screen.getByText(/File: receipt\.png · 4 kB/)).toBeTruthy();
    const saved = JSON.parse(t.cache.data.get(OUTBOX_KEY) ?? '[]');
    expect(saved.map((i: { body: string }) => i.body)).toEqual(['First, the words', 'Then the receipt']);
    expect(saved[1].files).toEqual([
      { uri: expect.stringMatching(/^file:\/\/\/cache\//), name: 'receipt.png', type: 'image/png', size: 4096 },
    ]);

    // The app restarts with the same storage (and the same files in its cache), online again.
    screen.unmount();
    const next = testApp(t.server);
    next.cache.data.set(OUTBOX_KEY, t.cache.data.get(OUTBOX_KEY)!);
    t.server.state.isOnline = true;
    await next.app.session.signIn(SERVER, 'ada@acme.test', t.server.state.password);
    renderWithApp(next.app, <ConversationScreen id={t.c.id} />);
    await act(async () => next.socket.fire('session.ready', ready()));
    await waitFor(() => expect(t.server.calls('sendMessage')).toHaveLength(2));
    const sends = t.server.calls('sendMessage').map((c) => c.body);
    expect(sends[0]).toMatchObject({ body: 'First, the words', clientId: saved[0].clientId });
    expect(sends[0].attachmentIds).toBeUndefined();
    const id = [...t.server.state.uploads.keys()].at(-1);
    expect(sends[1]).toMatchObject({ body: 'Then the receipt', clientId: saved[1].clientId, attachmentIds: [id] });
    expect(await screen.findByRole('button', { name: 'Image receipt.png, open full screen' })).toBeTruthy();
    expect(screen.queryByText('Waiting for connection…')).toBeNull();
  });
});

describe('expired file URLs', () => {
  it('an image that no longer loads fetches the thread again, once, for fresh URLs', async () => {
    const t = await signedIn();
    const c = conversation({ name: 'Vera Visitor' });
    const photo = {
      id: '00000000-0000-4000-8000-0000000000f1',
      fileName: 'old.png',
      contentType: 'image/png',
      size: 2048,
      width: 400,
      height: 300,
      url: `${SERVER}/files/f1/original?expires=1`,
      thumbnailUrl: `${SERVER}/files/f1/thumbnail?expires=1`,
    };
    t.server.state.conversations = [c];
    t.server.state.messages.set(c.id, [message(c.id, 1, '', { attachments: [photo] })]);
    renderWithApp(t.app, <ConversationScreen id={c.id} />);
    const image = () => screen.getAllByLabelText('old.png')[0]!;
    await waitFor(() => expect(image().props.source).toEqual({ uri: photo.thumbnailUrl }));
    expect(t.server.calls('listMessages')).toHaveLength(1);

    const fresh = { ...photo, thumbnailUrl: `${SERVER}/files/f1/thumbnail?expires=2` };
    t.server.state.messages.set(c.id, [message(c.id, 1, '', { attachments: [fresh] })]);
    await act(async () => image().props.onError({ nativeEvent: { error: 'HTTP 403' } }));
    await waitFor(() => expect(image().props.source).toEqual({ uri: fresh.thumbnailUrl }));
    expect(t.server.calls('listMessages')).toHaveLength(2);

    // Still broken: said plainly, and not fetched again and again.
    await act(async () => image().props.onError({ nativeEvent: { error: 'HTTP 403' } }));
    expect(await screen.findByText(/The image could not be loaded/)).toBeTruthy();
    expect(t.server.calls('listMessages')).toHaveLength(2);
  });
});

describe('previewSize', () => {
  it('keeps the proportions within the thread column, and 4:3 while they are unknown', () => {
    expect(previewSize({ width: 4032, height: 3024 })).toEqual({ width: 220, height: 165 });
    expect(previewSize({ width: 1000, height: 4000 })).toEqual({ width: 70, height: 280 });
    expect(previewSize({ width: 100, height: 50 })).toEqual({ width: 100, height: 50 });
    expect(previewSize({})).toEqual({ width: 220, height: 165 });
  });
});
