import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react-native';
import { MessageBubble, PendingBubble } from '@/features/conversation/message-bubble';
import { InboxScreen } from '@/features/inbox/inbox-screen';
import { SettingsScreen } from '@/features/settings/settings-screen';
import { applyLanguage, currentLanguage } from '@/lib/i18n/i18n';
import { PROFILE_KEY } from '@/lib/session';
import { conversation, me, message, signedIn, uuid } from './fake-server';
import { renderWithApp } from './render';

const ready = { protocolVersion: 1, seq: 10, replayed: 0 };

describe('the app in the agent’s language (issue 18)', () => {
  it('renders the inbox in French when the agent chose French, dates and errors too', async () => {
    const t = await signedIn();
    t.server.state.language = 'fr';
    t.server.state.conversations = [
      conversation({ name: 'Mia Mine', assigneeId: me.id, unreadCount: 2 }),
      conversation({ name: 'Paula Pending', status: 'pending' }),
    ];
    await act(async () => t.app.session.loadProfile());
    renderWithApp(t.app, <InboxScreen />);
    await act(async () => t.socket.fire('session.ready', ready));
    expect(await screen.findByRole('tab', { name: 'Les miennes, 1' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Non attribuées, 1' })).toBeTruthy();
    expect(screen.getByLabelText('Conversation avec Mia Mine, 2 non lus')).toBeTruthy();
    expect(screen.getByText('1 de vos conversations a des messages non lus')).toBeTruthy();
    expect(screen.getByPlaceholderText('Messages, notes, noms, e-mails, n° de conversation')).toBeTruthy();
    expect(screen.getAllByText('5 min').length).toBeGreaterThan(0);

    fireEvent.press(screen.getByRole('tab', { name: /^Toutes/ }));
    expect(await screen.findByText('En attente')).toBeTruthy();
    fireEvent.press(screen.getByRole('button', { name: 'Filtres' }));
    const panel = await screen.findByTestId('filter-panel');
    fireEvent.press(within(panel).getByRole('radio', { name: 'Statut : En attente' }));
    fireEvent.press(within(panel).getByRole('button', { name: 'Enregistrer comme vue' }));
    // The server's refusal is said by its code, in French.
    t.server.state.refuseSavedView = { status: 409, code: 'CONFLICT', message: 'at most 50 personal views' };
    const form = await screen.findByTestId('save-view-form');
    fireEvent.changeText(within(form).getByLabelText('Nom de la vue'), 'En attente');
    fireEvent.press(within(form).getByRole('button', { name: 'Enregistrer la vue' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Ceci a changé entre-temps. Rechargez et réessayez.',
    );
  });

  it('keeps the choice for the next launch and goes back to the device’s language when signed out', async () => {
    const t = await signedIn();
    t.server.state.language = 'es';
    await act(async () => t.app.session.loadProfile());
    expect(JSON.parse(t.cache.data.get(PROFILE_KEY) ?? '{}')).toMatchObject({ language: 'es' });
    renderWithApp(t.app, <SettingsScreen />);
    expect(await screen.findByText('Disponibilidad')).toBeTruthy();
    await act(async () => fireEvent.press(screen.getByRole('button', { name: 'Cerrar sesión' })));
    await waitFor(() => expect(currentLanguage()).toBe('en'));
  });

  it('switches with the picker in the settings (PATCH /me language); automatic sends null', async () => {
    const t = await signedIn();
    renderWithApp(t.app, <SettingsScreen />);
    const automatic = await screen.findByRole('radio', { name: 'Language: Automatic (English)' });
    expect(automatic.props.accessibilityState).toEqual({ checked: true });
    fireEvent.press(screen.getByRole('radio', { name: 'Language: Deutsch' }));
    expect(await screen.findByText('Verfügbarkeit')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Abmelden' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Sprache: Deutsch' }).props.accessibilityState).toEqual({ checked: true });
    expect(t.server.calls('updateMe').map((c) => c.body)).toEqual([{ language: 'de' }]);

    fireEvent.press(screen.getByRole('radio', { name: 'Sprache: Automatisch (English)' }));
    expect(await screen.findByText('Availability')).toBeTruthy();
    expect(t.server.calls('updateMe').map((c) => c.body)).toEqual([{ language: 'de' }, { language: null }]);
    expect(t.server.state.language).toBeNull();
  });

  it('writes file sizes in the agent’s language, bytes in words (@oceras/protocol formatBytes)', () => {
    const file = (fileName: string, size: number) => ({
      id: uuid(),
      fileName,
      contentType: 'application/pdf',
      size,
      url: `https://files.example.test/${fileName}`,
    });
    const withFiles = message('c1', 1, '', {
      attachments: [file('notes.pdf', 512), file('report.pdf', 1.5 * 1024 ** 2)],
    });
    // French puts a no-break space (narrow before a symbol) between number and unit: \s matches both.
    const nbsp = (s: string) => s.replace(/ /g, '\\s');
    const { rerender } = render(<MessageBubble message={withFiles} meId={me.id} />);
    expect(screen.getByRole('link', { name: 'File notes.pdf, 512 bytes, open' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'File report.pdf, 1.5 MB, open' })).toBeTruthy();
    act(() => applyLanguage('fr'));
    rerender(<MessageBubble message={withFiles} meId={me.id} />);
    expect(
      screen.getByRole('link', { name: new RegExp(`^Fichier notes.pdf, ${nbsp('512 octets')}, ouvrir$`) }),
    ).toBeTruthy();
    expect(
      screen.getByRole('link', { name: new RegExp(`^Fichier report.pdf, ${nbsp('1,5 Mo')}, ouvrir$`) }),
    ).toBeTruthy();
    act(() => applyLanguage('de'));
    render(
      <PendingBubble
        item={{
          clientId: 'k1',
          conversationId: 'c1',
          body: '',
          type: 'message',
          createdAt: new Date().toISOString(),
          state: 'queued',
          files: [{ uri: 'file:///a.pdf', name: 'a.pdf', type: 'application/pdf', size: 900 }],
        }}
        onRetry={() => {}}
        onDiscard={() => {}}
      />,
    );
    expect(screen.getByText('Datei: a.pdf · 900 Byte')).toBeTruthy();
  });
});
