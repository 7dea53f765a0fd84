import type { systemLineTexts as english } from './en.js';

/** The thread's system lines both apps say alike, in German (see en.ts). */
export const systemLineTexts: typeof english = {
  reopenedLowRating: 'Wieder geöffnet: der Besucher hat mit {rating} bewertet',
  filesRefused: 'Aus dieser E-Mail nicht übernommen: {files}',
  fileRefused: '{name} ({why})',
  refusedWhy: {
    type: 'ein Dateityp, den diese Organisation nicht annimmt',
    size: 'größer als die maximale Dateigröße',
    quota: 'der Dateispeicher ist voll',
    count: 'mehr Dateien, als eine Nachricht aufnimmt',
    empty: 'leer',
  },
};
