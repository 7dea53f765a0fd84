import { LIMITS, type TAgent, type TMeResponse } from '@oceras/protocol';
import { isServedAvatar } from '@oceras/protocol/avatars';
import { meOf } from '@oceras/protocol/client';
import { uploadAvatar } from '@oceras/protocol/upload';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/errors';
import { keys } from '../../lib/queries';
import { AgentAvatar } from '../shell/agent-avatar';

/**
 * The agent's own name and photo (rectification, privacy policy §7). The photo is uploaded to Oceras, which serves
 * it from its own origin (§5: a visitor's browser contacts no third party), re-encoded without its metadata.
 */
export function ProfileCard({ agent }: { agent: TAgent }) {
  const strings = useStrings();
  const t = strings.account.profile;
  const qc = useQueryClient();
  const [name, setName] = useState(agent.name);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const show = (answer: TMeResponse) => qc.setQueryData(keys.me(), meOf(answer));
  const save = useMutation({
    mutationFn: (body: { name?: string; avatarUrl?: null }) => api.call('updateMe', { body }),
    onSuccess: show,
  });
  const photo = useMutation({
    mutationFn: (file: File) =>
      uploadAvatar(api, file, file, { onProgress: (sent, total) => setProgress(total > 0 ? sent / total : 0) }),
    onSuccess: show,
    onSettled: () => {
      setProgress(null);
      setPreview(null);
    },
  });
  const handlePhoto = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    // A data: URL, which the dashboard's CSP allows (img-src has no blob:).
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
    photo.mutate(file);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: name.trim() });
  };
  const isBusy = save.isPending || photo.isPending;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="profile-title">
      <h2 id="profile-title">{t.title}</h2>
      <div className="profile-avatar">
        {preview ? (
          <img src={preview} alt={t.uploadingPreview} width={48} height={48} className="uploading" />
        ) : isServedAvatar(agent.avatarUrl) ? (
          <img src={agent.avatarUrl} alt={fill(t.avatarOf, { name: agent.name })} width={48} height={48} />
        ) : (
          <AgentAvatar name={agent.name} url={null} size={48} />
        )}
        <label className="btn btn-small file-button">
          {agent.avatarUrl ? t.changePhoto : t.uploadPhoto}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp,image/avif"
            aria-label={t.uploadPhoto}
            disabled={isBusy}
            onChange={handlePhoto}
          />
        </label>
        {agent.avatarUrl && !photo.isPending && (
          <button
            type="button"
            className="btn btn-small"
            disabled={isBusy}
            onClick={() => save.mutate({ avatarUrl: null })}
          >
            {t.removePhoto}
          </button>
        )}
        {progress !== null && (
          <progress max={1} value={progress} aria-label={t.uploading}>
            {Math.round(progress * 100)}%
          </progress>
        )}
        {!agent.avatarUrl && !photo.isPending && <span className="muted">{t.initials}</span>}
      </div>
      {photo.isError && (
        <p className="error" role="alert">
          {errorMessage(photo.error)}
        </p>
      )}
      <label>
        {t.name}
        <input
          required
          autoComplete="name"
          maxLength={LIMITS.nameMax}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      {save.isError && (
        <p className="error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p className="ok" role="status">
          {strings.common.saved}
        </p>
      )}
      <div>
        <button type="submit" className="btn btn-primary" disabled={isBusy || name.trim() === agent.name}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
