import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Where the docs site's browser tests find a Chromium: CHROMIUM_PATH when set, else the first of
 * these that exists (Debian's chromium, then an installed Chromium or Chrome). playwright-core brings
 * no browser of its own, and npm's browser downloads do not reach Google from every machine.
 */
const INSTALLED_BROWSERS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
  ],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ],
};

/** A browser the tests can drive, or why there is none and how to get one. */
export type BrowserAvailability = { path: string } | { missing: string };

const HOW_TO_ENABLE =
  "install Chromium or Google Chrome (Debian: apt-get install chromium), or set CHROMIUM_PATH to one";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser this machine has, if any; CHROMIUM_PATH, when set, is the only one considered. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  isExecutable: (path: string) => boolean = executable,
): BrowserAvailability {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen }
      : { missing: `CHROMIUM_PATH=${chosen} is not an executable file; ${HOW_TO_ENABLE}` };
  }
  const path = (INSTALLED_BROWSERS[platform] ?? []).find(isExecutable);
  return path ? { path } : { missing: `no Chromium or Chrome found; ${HOW_TO_ENABLE}` };
}

const run = promisify(execFile);

/**
 * Finds a browser and, on a Debian-like machine where this process may install packages (root, or
 * sudo without a password, as `.ci/run` may be given), installs Debian's chromium when none is found.
 * Never throws: a failed install is reported as the reason the browser is missing.
 */
export async function provisionChromium(): Promise<BrowserAvailability> {
  const found = findChromium();
  if ("path" in found || process.env.CHROMIUM_PATH || process.platform !== "linux") return found;
  if (!executable("/usr/bin/apt-get")) return found;
  let sudo: string[] = [];
  if (process.getuid?.() !== 0) {
    try {
      await run("sudo", ["-n", "true"]);
      sudo = ["sudo", "-n"];
    } catch {
      return {
        missing: `no Chromium or Chrome found, and installing one needs root or sudo; ${HOW_TO_ENABLE}`,
      };
    }
  }
  // Another apt run on the machine may hold the lock for a while: wait for it rather than fail.
  const [command = "", ...prefix] = [...sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"];
  const apt = (...args: string[]) =>
    run(command, [...prefix, "-o", "DPkg::Lock::Timeout=300", ...args], { maxBuffer: 64 * 1024 * 1024 });
  try {
    process.stderr.write(
      "No Chromium found: installing Debian's chromium for the docs site's browser tests\n",
    );
    await apt("update", "-qq");
    await apt("install", "-y", "-qq", "--no-install-recommends", "chromium");
  } catch (error) {
    return {
      missing: `installing Debian's chromium failed (${(error as Error).message.trim()}); ${HOW_TO_ENABLE}`,
    };
  }
  return findChromium();
}

/** Headless Chromium at `path`, driven through playwright-core. */
export function launchChromium(path: string): Promise<Browser> {
  // Root (as CI runs) cannot use Chromium's sandbox; the pages are our own, served from loopback.
  return chromium.launch({ executablePath: path, args: ["--no-sandbox"] });
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
