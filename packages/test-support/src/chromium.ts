/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own), as every
 * browser test of the repository launches it: the flags of a quiet headless run, and one budget
 * for a browser action.
 */
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from "playwright-core";
import { BROWSER_TEST_TIMEOUT_MS } from "./vitest.js";

/** The browser: Debian's, or the one `CHROMIUM_PATH` names. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * How long one browser action (a load, a wait, a screenshot) may take: most of the time the
 * browser project gives a test (100 s of 120 s), not Playwright's 30 s. With every package's tests
 * beside it on two cores, a full-page screenshot of a 16,000 px guide (2 s on a quiet machine)
 * once took over 30 s.
 */
export const ACTION_TIMEOUT_MS = BROWSER_TEST_TIMEOUT_MS - 20_000;

/** Launches the browser, or says how to get one. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or point CHROMIUM_PATH at one`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: ACTION_TIMEOUT_MS });
}

/** A browser context whose every action and load may take {@link ACTION_TIMEOUT_MS}. */
export async function newBrowserContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return context;
}
