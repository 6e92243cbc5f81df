import { chromium, type Browser } from 'playwright-core';

/** The Debian chromium package's binary: playwright-core downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium as the browser tests run it (as root in CI: no sandbox; no GPU on the machine). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}
