import { describe, expect, it } from "vitest";
import { findChromium } from "./browser.js";

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe("findChromium", () => {
  it("takes CHROMIUM_PATH when it names an executable, before any installed browser", () => {
    const found = findChromium(
      { CHROMIUM_PATH: "/opt/mine" },
      "linux",
      only("/opt/mine", "/usr/bin/chromium"),
    );
    expect(found).toEqual({ path: "/opt/mine" });
  });

  it("says so when CHROMIUM_PATH names nothing runnable, rather than looking elsewhere", () => {
    const found = findChromium({ CHROMIUM_PATH: "/opt/gone" }, "linux", only("/usr/bin/chromium"));
    expect(found).toEqual({
      missing: expect.stringMatching(/^CHROMIUM_PATH=\/opt\/gone is not an executable.*set CHROMIUM_PATH/),
    });
  });

  it("finds Debian's chromium first, then an installed Chrome, on Linux", () => {
    expect(findChromium({}, "linux", only("/usr/bin/chromium", "/usr/bin/google-chrome"))).toEqual({
      path: "/usr/bin/chromium",
    });
    expect(findChromium({}, "linux", only("/opt/google/chrome/chrome"))).toEqual({
      path: "/opt/google/chrome/chrome",
    });
  });

  it("finds Google Chrome in /Applications on macOS", () => {
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(findChromium({}, "darwin", only(chrome))).toEqual({ path: chrome });
  });

  it("says how to get one when there is none", () => {
    expect(findChromium({}, "win32", () => true)).toEqual({
      missing: expect.stringMatching(/^no Chromium or Chrome found; install Chromium/),
    });
  });
});
