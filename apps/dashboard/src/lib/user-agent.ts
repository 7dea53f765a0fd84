/** A small user-agent reader for the visitor panel: browser with major version, and the operating system. */
export function parseUserAgent(ua: string | null | undefined): { browser: string; os: string } | null {
  if (!ua) return null;
  const version = (re: RegExp) => ua.match(re)?.[1]?.split('.')[0] ?? '';
  const browser = /Edg\//.test(ua)
    ? `Edge ${version(/Edg\/([\d.]+)/)}`
    : /OPR\//.test(ua)
      ? `Opera ${version(/OPR\/([\d.]+)/)}`
      : /Firefox\//.test(ua)
        ? `Firefox ${version(/Firefox\/([\d.]+)/)}`
        : /(Chrome|Chromium|CriOS)\//.test(ua)
          ? `Chrome ${version(/(?:Chrome|Chromium|CriOS)\/([\d.]+)/)}`
          : /Safari\//.test(ua) && /Version\//.test(ua)
            ? `Safari ${version(/Version\/([\d.]+)/)}`
            : /node|undici/i.test(ua)
              ? 'Script'
              : 'Unknown browser';
  const os = /Windows NT/.test(ua)
    ? 'Windows'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : '';
  return { browser: browser.trim(), os };
}
