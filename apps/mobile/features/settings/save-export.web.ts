import { currentStrings, fill } from '@/lib/i18n/i18n';
/** On the web the browser downloads the file, as any download (its Downloads folder, or where the agent says). */
export async function saveExport(json: string, fileName: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the URL is released after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return fill(currentStrings().profile.downloaded, { file: fileName });
}
