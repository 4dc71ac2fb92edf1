// Launch options for Debian's Chromium where it exists (Playwright cannot download its
// own browsers on every machine); Playwright's own browser elsewhere. Shared by the
// Playwright config and the browser benchmarks.

import { existsSync } from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumLaunchOptions(): { executablePath?: string; args?: string[] } {
  return existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM, args: CHROMIUM_ARGS } : {};
}
