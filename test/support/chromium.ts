import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

type LaunchPersistentOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

/** The Debian chromium package's binary: playwright-core downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium as the browser tests run it (as root in CI: no sandbox; no GPU on the machine). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/**
 * A headless Chromium with its own fresh profile directory (under `parent`) and nothing that phones home (no QUIC,
 * first-run, background networking, component updates or sync): for tests that need cookies kept per browser. The profile goes when the browser closes.
 */
export async function launchChromiumProfile(parent: string, options: Omit<LaunchPersistentOptions, 'executablePath' | 'args'> = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(parent, 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  // Removed once the browser has exited (on its 'close' event Chromium may still be writing the profile).
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  return context;
}
