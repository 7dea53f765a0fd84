/**
 * Files as every client shows them: which show inline, sizes in words. No zod here (nor in attachment-kinds.ts and
 * upload.ts), and nothing the widget's thread does not use: its chat bundles this, and its weight counts.
 */

/** Raster images: shown inline (the server serves them inline and makes their thumbnails). */
export const IMAGE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/tiff',
  'image/heic',
] as const;

/**
 * Raster images are shown inline (the server serves them inline and makes their thumbnails); nothing else is.
 */
export const isPreviewable = (contentType: string): boolean => (IMAGE_TYPES as readonly string[]).includes(contentType);

/** "512 B", "12 kB", "3.4 MB" in the reader's language (Intl spells bytes out as "byte": B is what people read). */
export function formatBytes(bytes: number, locale?: string): string {
  if (bytes < 1000) return `${new Intl.NumberFormat(locale).format(bytes)} B`;
  const units = ['kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
