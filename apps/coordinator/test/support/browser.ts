import type { Browser, Locator } from 'playwright-core';
import { existsSync } from 'node:fs';

/**
 * A real headless Chromium for the dashboard tests: Debian's `chromium` package, driven by playwright-core. No
 * browser is ever downloaded; without one the browser tests are skipped, loudly.
 */
const CHROMIUM = process.env.LETHE_CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (as .ci/run does) or set LETHE_CHROMIUM_PATH`;

/** `describe`, or, without Chromium, `describe.skip` with a warning that cannot be missed. */
export function describeInBrowser(title: string, specs: () => void): void {
  if (!chromiumMissing) return describe(title, specs);
  // eslint-disable-next-line no-console -- meant to be seen: a whole browser test is not running
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING ${title}: ${chromiumMissing}\n${'!'.repeat(100)}\n`);
  describe.skip(`${title} — SKIPPED: ${chromiumMissing}`, specs);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Polls until `probe` holds; the error says what was awaited and what was last seen. */
export async function eventually(
  what: string,
  probe: () => Promise<{ ok: boolean; seen: unknown }>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { ok, seen } = await probe();
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last saw ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const matches = (value: string, expected: string | RegExp) =>
  typeof expected === 'string' ? value.includes(expected) : expected.test(value);

/** The (first) element's text contains `expected`, or matches it. */
export function seeText(locator: Locator, expected: string | RegExp, timeoutMs?: number): Promise<void> {
  return eventually(
    `${String(locator)} to show ${String(expected)}`,
    async () => {
      const text = (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '<absent>';
      return { ok: matches(text.replace(/\s+/g, ' ').trim(), expected), seen: text };
    },
    timeoutMs,
  );
}

export function seeCount(locator: Locator, count: number): Promise<void> {
  return eventually(`${String(locator)} to count ${count}`, async () => {
    const seen = await locator.count();
    return { ok: seen === count, seen };
  });
}

export function seeAttribute(
  locator: Locator,
  name: string,
  expected: string | RegExp,
  timeoutMs?: number,
): Promise<void> {
  return eventually(
    `${String(locator)} to have ${name} ${String(expected)}`,
    async () => {
      const seen = (await locator.count()) > 0 ? await locator.first().getAttribute(name) : null;
      return {
        ok: seen !== null && (typeof expected === 'string' ? seen === expected : expected.test(seen)),
        seen,
      };
    },
    timeoutMs,
  );
}
