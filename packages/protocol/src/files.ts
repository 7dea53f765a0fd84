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

/**
 * "512 bytes", "12 kB", "3.4 MB" ("512 octets", "12 ko", "3,4 Mo" in French) in the reader's locale, every word from
 * Intl. Bytes are written out in full: their short form is the singular "512 byte" in English and their narrow one
 * "512B" with no space (CLDR 48, Node 20 and Chromium alike), while "512 octets", "512 Byte", "512 bytes" read well
 * in every language; the larger units keep their symbols.
 */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  // 999.5 and more would round to "1,000": the next unit's "1" reads better.
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit ? 'short' : 'long',
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
