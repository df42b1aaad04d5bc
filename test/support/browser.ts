import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium (apt package `chromium`); .ci/run installs it where it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless Chromium, driven through playwright-core (which brings no browser of its own). */
export function launchChromium(): Promise<Browser> {
  // Root (as CI runs) cannot use Chromium's sandbox; the pages are our own, served from loopback.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

/** What a page did that a test forbids: console errors and uncaught exceptions, requests off this machine. */
export interface PageWatch {
  errors: string[];
  /** Every request to anything but 127.0.0.1 (data: and blob: URLs stay inside the page). */
  remoteRequests: string[];
}

/**
 * Records `page`'s console errors and its requests leaving 127.0.0.1, and aborts the latter so that
 * nothing leaves even when a test is about to fail.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { errors: [], remoteRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(error.message));
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    const local = url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1";
    if (local) return route.continue();
    watch.remoteRequests.push(url.href);
    return route.abort();
  });
  return watch;
}
