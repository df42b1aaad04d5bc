import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { SITE_PUBLIC } from "../../scripts/site/build-site.js";
import { REPO_ROOT } from "../../scripts/stack/stack-config.js";
import { partnerCredential, requestToken } from "../support/credentials.js";
import { call } from "../support/http.js";
import { entryCount } from "../support/stack.js";

const run = promisify(execFile);

/** The code blocks of one language on the built getting-started page, as a reader copies them. */
async function examples(language: "sh" | "js"): Promise<string[]> {
  const html = await readFile(join(SITE_PUBLIC, "docs/getting-started/index.html"), "utf8");
  const blocks = [
    ...html.matchAll(new RegExp(`<pre><code class="language-${language}">([\\s\\S]*?)</code></pre>`, "g")),
  ];
  const entities: Record<string, string> = {
    "&quot;": '"',
    "&#39;": "'",
    "&lt;": "<",
    "&gt;": ">",
    "&amp;": "&",
  };
  return blocks.map(([, code]) =>
    (code ?? "").replace(/&(quot|#39|lt|gt|amp);/g, (entity) => entities[entity] ?? entity),
  );
}

// Node first on PATH, as for a reader who has it installed (the examples parse JSON with it).
const env = (extra: Record<string, string>) => ({
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  ...extra,
});

describe("the getting-started page's examples, run as printed against the stack", () => {
  it(
    "the curl examples get a token, call, create once with a replay, page, fail and show the rate limit",
    { timeout: 60_000 },
    async () => {
      const credential = await partnerCredential({
        scopes: ["entries:read", "entries:write", "webhooks:manage"],
      });
      // The partner's endpoint the replay example finds (its deliveries go nowhere: nothing listens there).
      const token = (
        await requestToken({
          grant_type: "client_credentials",
          client_id: credential.clientId,
          client_secret: credential.clientSecret,
        })
      ).body as { access_token: string };
      const endpoint = await call("/webhook-endpoints", {
        method: "POST",
        token: token.access_token,
        body: { url: "http://127.0.0.1:9/hooks", events: ["entry.created"] },
      });
      expect(endpoint.status).toBe(201);
      const blocks = await examples("sh");
      expect(blocks.length).toBeGreaterThanOrEqual(6);
      // What a reader does: paste the values the admin gave them over the placeholders, run every block.
      const script = blocks
        .join("\n")
        .replace("'pci_…'", `'${credential.clientId}'`)
        .replace("'pcs_…'", `'${credential.clientSecret}'`);
      const { stdout } = await run("bash", ["-eo", "pipefail", "-c", script], {
        env: env({}),
        cwd: REPO_ROOT,
      });

      expect(stdout).toContain(`"partnerId":"${credential.partnerId}"`);
      expect(stdout.match(/^HTTP\/1\.1 201/gm)).toHaveLength(2);
      expect(stdout).toMatch(/^idempotent-replayed: true/im);
      expect(stdout).toContain('"nextPageToken":null');
      expect(stdout).toMatch(/"status":404/);
      expect(stdout).toMatch(/"status":400.*"field":"amountMinor"/);
      expect(stdout).toMatch(/^ratelimit-limit: \d+/im);
      expect(stdout).toMatch(/^\{"data":\[.*\],"nextPageToken":null\}$/m);
      expect(stdout).toMatch(/^\{"replayId":"rpl_[\w-]+","events":\d+\}$/m);
      expect(stdout).toMatch(/"quota":\{"daily":null,"usedToday":\d+,"resetsAt":"[^"]+T00:00:00\.000Z"\}/);
      // The create ran twice with one Idempotency-Key: one entry.
      expect(await entryCount(credential.partnerId)).toBe(1);
    },
  );

  it(
    "the TypeScript client example runs with Node and the built @partner-api/client",
    { timeout: 60_000 },
    async () => {
      const credential = await partnerCredential();
      const [example] = await examples("js");
      expect(example).toContain('from "@partner-api/client"');
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", example ?? ""], {
        env: env({ CLIENT_ID: credential.clientId, CLIENT_SECRET: credential.clientSecret }),
        cwd: REPO_ROOT,
      });
      expect(stdout).toContain(`partnerId: '${credential.partnerId}'`);
      expect(stdout).toMatch(/^created e_/m);
      expect(stdout).toMatch(/EUR Vegetables/);
      expect(stdout).toMatch(/^event evt_\S+ entry\.created e_/m);
      expect(stdout).toMatch(/^requests today \d+ of unlimited$/m);
      expect(stdout).toMatch(/^404 Not found req_/m);
      expect(await entryCount(credential.partnerId)).toBe(1);
    },
  );
});
