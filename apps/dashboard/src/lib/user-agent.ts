import { fill } from '@oceras/protocol/text-format';

/** A small user-agent reader for the visitor panel and the contact page: browser with major version, system, device. */
export function parseUserAgent(
  ua: string | null | undefined,
): { browser: string; os: string; device: 'phone' | 'tablet' | 'desktop' | '' } | null {
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
  const device =
    /iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))
      ? 'tablet'
      : /iPhone|iPod|Mobile/.test(ua)
        ? 'phone'
        : os
          ? 'desktop'
          : '';
  return { browser: browser.trim(), os, device };
}

/** The words of `describeUserAgent` in a language: `{browser}`, `{os}` and `{device}` are filled. */
export interface UserAgentWords {
  browserOn: string;
  withDevice: string;
  phone: string;
  tablet: string;
  unknownBrowser: string;
  script: string;
}

/**
 * "Chrome 120 on macOS", "Safari 17 on iOS (phone)": the browser and device in a few words of the reader's
 * language (`strings.conversation.visitor.userAgent`), or null.
 */
export function describeUserAgent(ua: string | null | undefined, words: UserAgentWords): string | null {
  const p = parseUserAgent(ua);
  if (!p) return null;
  const browser =
    p.browser === 'Unknown browser' ? words.unknownBrowser : p.browser === 'Script' ? words.script : p.browser;
  const on = p.os ? fill(words.browserOn, { browser, os: p.os }) : browser;
  return p.device === 'phone' || p.device === 'tablet'
    ? fill(words.withDevice, { browser: on, device: words[p.device] })
    : on;
}
