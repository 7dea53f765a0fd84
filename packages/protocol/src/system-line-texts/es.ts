import type { systemLineTexts as english } from './en.js';

/** The thread's system lines both apps say alike, in Spanish (see en.ts). */
export const systemLineTexts: typeof english = {
  reopenedLowRating: 'Reabierta: el visitante la valoró con {rating}',
  filesRefused: 'No se guardó de este correo: {files}',
  fileRefused: '{name} ({why})',
  refusedWhy: {
    type: 'un tipo que esta organización no acepta',
    size: 'más grande que el tamaño máximo',
    quota: 'el almacenamiento de archivos está lleno',
    count: 'más archivos de los que admite un mensaje',
    empty: 'vacío',
  },
};
