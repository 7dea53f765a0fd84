import { useStrings } from '../../i18n/i18n';
import { errorMessage } from '../../lib/errors';

/** The outcome of a settings save under its form: the error as a sentence (or a better one), or "Saved.". */
export function SaveStatus({
  save,
  errorText,
}: {
  save: { isError: boolean; isSuccess: boolean; error: unknown };
  errorText?: string | null;
}) {
  const t = useStrings().common;
  if (save.isError)
    return (
      <p className="error" role="alert">
        {errorText ?? errorMessage(save.error)}
      </p>
    );
  if (save.isSuccess)
    return (
      <p className="ok" role="status">
        {t.saved}
      </p>
    );
  return null;
}
