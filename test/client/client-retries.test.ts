import { createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { PartnerClient, type CreateEntryInput } from "@partner-api/client";
import { FUNCTIONS_EMULATOR_HOST, PROJECT_ID, REGION } from "../../scripts/stack/stack-config.js";
import { recordingFetch } from "../support/client-traffic.js";
import { entryBody } from "../support/http.js";
import { injectFault } from "../support/stack-control.js";
import { API_ROOT, adminDb, entryCount, partnerSession } from "../support/stack.js";

/**
 * A TCP proxy to the Functions emulator that, when armed, lets the next request through and cuts the
 * connection as its answer starts to arrive: the API did the work, the client never hears of it.
 */
async function droppingProxy() {
  let armed = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const [host, port] = FUNCTIONS_EMULATOR_HOST.split(":");
    const upstream = createConnection({ host, port: Number(port) });
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk) => {
      if (armed) {
        armed = false;
        client.destroy();
        upstream.destroy();
      } else {
        client.write(chunk);
      }
    });
    upstream.on("end", () => client.end());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the proxy has no port");
  return {
    root: `http://127.0.0.1:${address.port}/${PROJECT_ID}/${REGION}/partnerApi`,
    arm: () => void (armed = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("PartnerClient retries against the stack", () => {
  it("retries a create after a dropped connection with the same Idempotency-Key: one entry", async () => {
    const proxy = await droppingProxy();
    cleanups.push(proxy.close);
    const partner = await partnerSession();
    const traffic = recordingFetch();
    const client = new PartnerClient({
      baseUrl: proxy.root,
      getToken: async () => partner.token,
      fetch: traffic.fetch,
    });
    await client.me();

    proxy.arm();
    const entry = await client.entries.create(entryBody({ amountMinor: 777 }) as CreateEntryInput);

    const creates = traffic.of("POST /v1/entries");
    expect(creates.map(({ status }) => status)).toEqual([0, 201]);
    const [first, retry] = creates;
    expect(retry?.headers.get("idempotency-key")).toBe(first?.headers.get("idempotency-key"));
    // The first attempt did create the entry; the retry got that same answer replayed.
    expect(retry?.responseHeaders.get("idempotent-replayed")).toBe("true");
    expect(entry).toMatchObject({ amountMinor: 777, version: 1 });
    expect(await entryCount(partner.partnerId)).toBe(1);
    const stored = await adminDb().collection(`partners/${partner.partnerId}/entries`).get();
    expect(stored.docs.map((doc) => doc.id)).toEqual([entry.id]);
  });

  it(
    "waits out a 503's Retry-After while Firestore fails, then gets the entry",
    { timeout: 60_000 },
    async () => {
      const partner = await partnerSession();
      const fault: { remove?: () => Promise<void> } = {};
      // Recovery comes right after the first 503 reaches the client, before the client decides to wait.
      const traffic = recordingFetch(async (_request, response) => {
        if (response.status === 503) await fault.remove?.();
        return undefined;
      });
      const client = new PartnerClient({
        baseUrl: API_ROOT,
        getToken: async () => partner.token,
        fetch: traffic.fetch,
      });
      const entry = await client.entries.create(entryBody() as CreateEntryInput);

      fault.remove = (
        await injectFault({
          method: "BatchGetDocuments",
          match: `entries/${entry.id}`,
          fail: true,
        })
      ).remove;
      cleanups.push(fault.remove);
      expect(await client.entries.get(entry.id)).toEqual(entry);

      const reads = traffic.of(`GET /v1/entries/${entry.id}`);
      expect(reads.map(({ status }) => status)).toEqual([503, 200]);
      const retryAfterSeconds = Number(reads[0]?.responseHeaders.get("retry-after"));
      expect(retryAfterSeconds).toBeGreaterThan(0);
      // Honoured: the retry left no sooner than the server asked.
      expect((reads[1]?.startedAt ?? 0) - (reads[0]?.endedAt ?? 0)).toBeGreaterThanOrEqual(
        retryAfterSeconds * 1000,
      );
    },
  );
});
