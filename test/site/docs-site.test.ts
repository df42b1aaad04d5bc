import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedOpenApiDocument } from "../../scripts/openapi/served-document.js";
import { launchChromium, watchPage } from "../support/browser.js";
import { HOSTING_ORIGIN } from "../support/stack.js";

/** Committed, and linked from README: the reference page as this test saw it. */
const SCREENSHOT = fileURLToPath(new URL("../../docs/api-reference.png", import.meta.url));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Every operation of the document the API serves, as "<operationId>" keyed by "METHOD /path". */
async function documentedOperations(): Promise<Map<string, string>> {
  const document = (await servedOpenApiDocument()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const operations = new Map<string, string>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${path}`, operation.operationId);
    }
  }
  return operations;
}

describe("the docs site on the Hosting emulator, in headless Chromium", () => {
  it("renders every operation of the OpenAPI document at /docs, offline and without a console error", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = await watchPage(page);
    const response = await page.goto(`${HOSTING_ORIGIN}/docs`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/docs/");
    await page.locator('[data-section-id$="operation/getHealth"]').first().waitFor();

    const operations = await documentedOperations();
    expect(operations.size).toBeGreaterThanOrEqual(7);
    const missing = [];
    for (const [route, operationId] of operations) {
      if ((await page.locator(`[data-section-id$="operation/${operationId}"]`).count()) === 0)
        missing.push(route);
    }
    expect(missing).toEqual([]);
    expect(await page.title()).toBe("Partner API reference");

    // Grouped by resource, in the order a partner reads them, each operation under its summary.
    const menu = await page
      .locator('li[data-item-id^="tag/"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-item-id") ?? ""));
    expect(menu.filter((id) => /^tag\/[^/]+$/.test(id))).toEqual([
      "tag/Authentication",
      "tag/Entries",
      "tag/Events",
      "tag/Webhooks",
      "tag/Usage",
      "tag/Service",
    ]);
    // Each operation sits in its resource's group of the sidebar.
    expect(menu).toEqual(
      expect.arrayContaining([
        "tag/Authentication/operation/createToken",
        "tag/Entries/operation/createEntry",
        "tag/Events/operation/listEvents",
        "tag/Webhooks/operation/replayWebhookEvents",
        "tag/Usage/operation/getUsage",
      ]),
    );
    expect(menu.filter((id) => id.includes("/operation/"))).toHaveLength(operations.size);
    const heading = await page.locator('[data-section-id$="operation/createEntry"] h2').first().textContent();
    expect(heading?.trim()).toBe("Create an entry");
    // A curl and a TypeScript example beside every operation.
    const withoutExamples = [];
    for (const [route, operationId] of operations) {
      const section = page.locator(`[data-section-id$="operation/${operationId}"]`).first();
      const tabs = await section.locator('[role="tab"]').allTextContents();
      if (!tabs.includes("curl") || !tabs.some((tab) => /@partner-api\/client|TypeScript/.test(tab))) {
        withoutExamples.push(route);
      }
    }
    expect(withoutExamples).toEqual([]);
    // Samples are the schemas' examples, never placeholders made from types, and formats show no regex.
    const text = (await page.locator("#redoc").textContent()) ?? "";
    for (const placeholder of ['"string"', "2019-08-24T14:15:22", "-9007199254740991", "9007199254740991"]) {
      expect(text).not.toContain(placeholder);
    }
    expect(text).toContain('"amountMinor": 1250');
    expect(text).not.toMatch(/\^\(\?:\(\?:\\d/);
    await expect(page.getByText("Partner API").first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: SCREENSHOT });

    expect(watch.remoteRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("serves the getting-started page with every section and a copy button per example", async () => {
    const page = await browser.newPage();
    const watch = await watchPage(page);
    const response = await page.goto(`${HOSTING_ORIGIN}/docs/getting-started/`, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    const headings = await page.locator("main h2").allTextContents();
    expect(headings.join(" | ")).toMatch(
      /credentials.*token.*First call.*Create.*Page.*Errors.*Rate limits.*missed webhooks.*quota.*TypeScript client/is,
    );
    const blocks = await page.locator("main pre").count();
    expect(blocks).toBeGreaterThanOrEqual(7);
    expect(await page.locator("main pre button.copy").count()).toBe(blocks);
    // The examples name this site's own origin, where the rewrite serves the API.
    expect(await page.locator("main").textContent()).toContain(`${HOSTING_ORIGIN}/v1`);
    expect(watch.remoteRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("serves the API at /v1/** on the Hosting origin through the rewrite to partnerApi", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${HOSTING_ORIGIN}/v1/health`);
    expect(response?.status()).toBe(200);
    expect(JSON.parse((await page.locator("body").textContent()) ?? "")).toEqual({ status: "ok" });
    expect(response?.headers()["x-request-id"]).toEqual(expect.any(String));
    await page.close();

    // Errors come from the function too, not from Hosting: problem+json, not Hosting's 404 page.
    const missing = await fetch(`${HOSTING_ORIGIN}/v1/entries/e_1`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ status: 401, requestId: expect.any(String) });
  });
});
