import type { systemLineTexts as english } from './en.js';

/** The thread's system lines both apps say alike, in French (see en.ts). */
export const systemLineTexts: typeof english = {
  reopenedLowRating: 'Rouverte après la note du visiteur : {rating}',
  filesRefused: 'Non conservés de cet e-mail : {files}',
  fileRefused: '{name} ({why})',
  refusedWhy: {
    type: 'un type que cette organisation n’accepte pas',
    size: 'plus gros que la taille maximale',
    quota: 'le stockage des fichiers est plein',
    count: 'plus de fichiers qu’un message n’en prend',
    empty: 'vide',
  },
};
