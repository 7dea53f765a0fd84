import type { TMeResponse } from '@oceras/protocol';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLocation, useRoute } from 'wouter';
import { useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { useLiveSync } from '../../lib/live-sync-provider';
import { patterns } from '../../lib/paths';
import { queries, useAgents, useSavedViews, useTeams } from '../../lib/queries';
import { SETTINGS_PAGES } from '../../routes';
import { type Command, filterCommands, paletteCommands } from './palette-commands';
import './command-palette.css';

/**
 * Ctrl/Cmd+K: a field and the commands matching it, run with the keyboard (arrows, Enter; Escape closes) or the
 * mouse: where to go, and every action on the open conversation its own controls allow.
 */
export default function CommandPalette({ me, onClose }: { me: TMeResponse; onClose: () => void }) {
  const [, navigate] = useLocation();
  const [isConversation, params] = useRoute(patterns.conversation);
  const conversationId = isConversation ? params.id : null;
  const conversation = useQuery({ ...queries.conversation(conversationId ?? ''), enabled: conversationId !== null });
  const agents = useAgents().data?.agents ?? [];
  const teams = useTeams().data?.teams ?? [];
  const savedViews = useSavedViews().data?.savedViews ?? [];
  const live = useLiveSync();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [isRunning, setRunning] = useState(false);
  const strings = useStrings();
  const t = strings.palette;

  useEffect(() => ref.current?.showModal(), []);

  const shown = useMemo(
    () =>
      filterCommands(
        paletteCommands({
          me: { id: me.agent.id, role: me.agent.role },
          savedViews,
          settingsPages: me.agent.role === 'admin' ? SETTINGS_PAGES : [],
          conversation: conversationId ? (conversation.data ?? null) : null,
          agents,
          teams,
          text,
          strings,
        }),
        text,
      ),
    [me, savedViews, conversationId, conversation.data, agents, teams, text, strings],
  );
  const current = Math.min(active, Math.max(0, shown.length - 1));

  const run = async (command: Command | undefined) => {
    if (!command || isRunning) return;
    if ('href' in command) {
      navigate(command.href);
      onClose();
      return;
    }
    if (!conversationId) return;
    setRunning(true);
    setError(null);
    try {
      live.upsertConversation(
        await api.call('updateConversation', { params: { id: conversationId }, body: command.change }),
      );
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  };

  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-label={t.title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <input
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={shown.length > 0 ? optionId(current) : undefined}
        aria-label={t.field}
        placeholder={t.placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = shown.length;
            if (n > 0) setActive((current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            void run(shown[current]);
          }
        }}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div id={`${id}-list`} className="palette-list" role="listbox" aria-label={t.commands} aria-busy={isRunning}>
        {shown.map((c, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works from the field (aria-activedescendant)
          <div
            key={c.id}
            id={optionId(i)}
            role="option"
            tabIndex={-1}
            aria-selected={i === current}
            className={i === current ? 'palette-active' : ''}
            onMouseMove={() => setActive(i)}
            onClick={() => void run(c)}
          >
            <span className="palette-group">{c.group}</span> {c.label}
          </div>
        ))}
      </div>
      {shown.length === 0 && <p className="muted palette-empty">{t.none}</p>}
    </dialog>
  );
}
