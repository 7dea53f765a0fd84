/**
 * Debian's Chromium, launched the same way by every browser test and benchmark of the repository (never a browser
 * that a tool downloads). The flags keep it headless and off the network it would otherwise call at start.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
