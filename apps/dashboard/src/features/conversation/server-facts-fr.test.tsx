// @vitest-environment happy-dom
/**
 * What the server states as facts (issue 18 "Languages"), said in the reader's language: a rating and a low
 * rating's reopen on their scale, an email's files not kept, the email authentication badge, a low rating in the
 * Mentions list. In French here; the server's stored English is never shown when the facts are there.
 */
import type { TMention, TMessage } from '@oceras/protocol';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentStrings, switchLanguage } from '../../i18n/i18n';
import { noticeTitle } from '../mentions/notice-title';
import { EmailAuthBadge } from './email-auth-badge';
import { MessageAttachments } from './message-attachments';
import { Thread } from './thread';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
beforeAll(async () => {
  await switchLanguage('fr');
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});
afterAll(() => {
  act(() => root.unmount());
  container.remove();
});

let seq = 0;
const line = (body: string, system: Record<string, unknown>): TMessage =>
  ({
    id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    conversationId: '00000000-0000-4000-8000-000000000000',
    seq,
    clientId: null,
    type: 'system',
    author: { type: 'system', id: null, name: null },
    body,
    system,
    attachments: [],
    createdAt: '2026-12-06T10:00:00.000Z',
  }) as unknown as TMessage;

describe('the server’s facts in French', () => {
  it('says ratings on their scale, a low rating’s reopen and an email’s refused files in the thread', () => {
    const messages = [
      line('Visitor rated the conversation 2/5', { action: 'rated', score: 2, previous: null, scale: 'stars' }),
      line('Visitor rated the conversation sad face', { action: 'rated', score: 1, previous: 2, scale: 'faces' }),
      line('Reopened: rated sad face', {
        action: 'status_changed',
        from: 'resolved',
        to: 'open',
        by: null,
        reason: 'low_rating',
        score: 1,
        scale: 'faces',
      }),
      // An older line, stored before the scale was kept: stars.
      line('Visitor rated the conversation 4/5', { action: 'rated', score: 4, previous: null }),
      line('Not kept from this email: a.exe (a type this organization does not accept)', {
        action: 'email_files_refused',
        files: [
          { fileName: 'a.exe', reason: 'type' },
          { fileName: 'b.bin', reason: 'brand-new-reason' },
        ],
      }),
    ];
    act(() =>
      root.render(
        <Thread
          messages={messages}
          agents={[]}
          meId="me"
          hasMore={false}
          onLoadEarlier={() => {}}
          onImageError={() => {}}
        />,
      ),
    );
    const lines = [...container.querySelectorAll('.msg-system > span:first-child')].map((s) => s.textContent);
    expect(lines).toEqual([
      'Le visiteur a noté la conversation : 2/5',
      'Le visiteur a noté la conversation : visage triste',
      'Rouverte après la note du visiteur : visage triste',
      'Le visiteur a noté la conversation : 4/5',
      'Non conservés de cet e-mail : a.exe (un type que cette organisation n’accepte pas), b.bin',
    ]);
    expect(container.textContent).not.toContain('Visitor rated');
  });

  it('says the email authentication results in French, the method names as they are', () => {
    act(() => root.render(<EmailAuthBadge auth={{ authservId: 'mx.example', spf: 'pass', dkim: 'fail' }} />));
    const badge = container.querySelector('[role="note"]')!;
    expect(badge.textContent).toBe('⚠ SPF réussi · DKIM échec');
    expect(badge.getAttribute('aria-label')).toBe('Expéditeur non vérifié : SPF réussi · DKIM échec');
  });

  it('writes file sizes in French, bytes in words (formatBytes, in the dashboard’s locale)', () => {
    const file = (id: string, fileName: string, size: number) => ({
      id,
      fileName,
      contentType: 'application/pdf',
      size,
      url: `https://files.example.test/${fileName}`,
    });
    act(() =>
      root.render(
        <MessageAttachments
          attachments={[file('f1', 'notes.pdf', 512), file('f2', 'rapport.pdf', 1.5 * 1024 ** 2)]}
          generation={0}
          onOpen={() => {}}
          onImageError={() => {}}
        />,
      ),
    );
    // French puts a no-break space (narrow before a symbol) between number and unit.
    const labels = [...container.querySelectorAll('a')].map((a) => a.getAttribute('aria-label')?.replace(/\s/g, ' '));
    expect(labels).toEqual(['Télécharger notes.pdf, 512 octets', 'Télécharger rapport.pdf, 1,5 Mo']);
  });

  it('titles a low rating in the Mentions list on its scale', () => {
    const notice = (over: Partial<TMention>): TMention => ({
      id: 'n1',
      kind: 'low_rating',
      conversationId: 'c1',
      conversationNumber: 12,
      messageId: 'm1',
      author: null,
      excerpt: '',
      rating: { score: 2, scale: 'stars' },
      createdAt: '2026-12-06T10:00:00.000Z',
      readAt: null,
      ...over,
    });
    const strings = currentStrings();
    expect(noticeTitle(notice({}), strings)).toBe('Note d’un visiteur : 2/5');
    expect(noticeTitle(notice({ rating: { score: 3, scale: 'faces' } }), strings)).toBe(
      'Note d’un visiteur : visage neutre',
    );
    expect(noticeTitle(notice({ kind: 'mention', author: { id: 'a', name: 'Ana' }, rating: null }), strings)).toBe(
      'Ana vous a mentionné',
    );
  });
});
