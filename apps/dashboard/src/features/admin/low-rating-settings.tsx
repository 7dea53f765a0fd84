import type { TOrganization } from '@oceras/protocol';
import { lowRatingThresholds } from '@oceras/protocol/satisfaction';
import { type FormEvent, useState } from 'react';
import { fill, useStrings } from '../../i18n/i18n';
import { SaveStatus } from './save-status';
import { useSaveOrganization } from './use-save-organization';

/**
 * What a visitor's low rating does (issue 18): the threshold on the organization's saved scale (stars 1–4, faces
 * sad or neutral), and two switches, reopen and notify (off by default). The server checks the threshold again.
 */
export function LowRatingSettings({ org }: { org: TOrganization }) {
  const t = useStrings().lowRating;
  const survey = org.widgetSettings.satisfactionSurvey;
  const choices = lowRatingThresholds(survey);
  // A threshold kept from the other scale acts as the highest choice below it (2 on faces: the sad face).
  const snap = (n: number) => [...choices].reverse().find((c) => c <= n) ?? choices[0]!;
  const [threshold, setThreshold] = useState(snap(org.lowRatingActions.threshold));
  const [reopen, setReopen] = useState(org.lowRatingActions.reopen);
  const [notify, setNotify] = useState(org.lowRatingActions.notify);
  const save = useSaveOrganization();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ lowRatingActions: { threshold, reopen, notify } });
  };
  const label = (n: number) =>
    survey === 'faces' ? (n === 1 ? t.faceSad : t.faceNeutral) : n === 1 ? t.oneStar : fill(t.stars, { count: n });
  return (
    <form className="card stack narrow" onSubmit={submit} aria-labelledby="low-rating-title">
      <h2 id="low-rating-title">{t.title}</h2>
      <p className="muted">{t.help}</p>
      {survey === 'off' && <p className="muted">{t.surveyOff}</p>}
      <label>
        {t.threshold}
        <select value={threshold} onChange={(e) => setThreshold(Number(e.target.value))}>
          {choices.map((n) => (
            <option key={n} value={n}>
              {label(n)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={reopen} onChange={(e) => setReopen(e.target.checked)} />
        {t.reopen}
      </label>
      <p className="muted field-hint">{t.reopenHint}</p>
      <label className="check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        {t.notify}
      </label>
      <p className="muted field-hint">{t.notifyHint}</p>
      <SaveStatus save={save} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
