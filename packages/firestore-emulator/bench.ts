import { spawn } from "node:child_process";
import net from "node:net";
import { createInterface } from "node:readline";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { createFirestoreEmulator } from "./src/index.js";

// `npm run bench -w packages/firestore-emulator`: start-up time and throughput of this emulator next to
// @firestore-emulator/server, on the same machine, through firebase-admin. Loopback only. Each server runs
// in a child process (`bench.ts --serve <index> <port>`), so client and server do not share one core.

const WRITES = 2000;
const QUERIES = 1000;
const CONCURRENCY = 16;

interface Candidate {
  readonly name: string;
  /** Starts a server on `port` and returns its stop function. */
  start(port: number): Promise<() => Promise<void>>;
}

const candidates: Candidate[] = [
  {
    name: "@partner-api/firestore-emulator",
    async start(port) {
      const emulator = createFirestoreEmulator({ port });
      await emulator.start();
      return () => emulator.stop();
    },
  },
  {
    name: "@firestore-emulator/server",
    async start(port) {
      const { FirestoreServer } = await import("@firestore-emulator/server");
      const server = new FirestoreServer();
      await server.start(port);
      return async () => server.stop();
    },
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function client(port: number, projectId: string): Firestore {
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${port}`;
  process.env.METADATA_SERVER_DETECTION ??= "none";
  return getFirestore(initializeApp({ projectId }, projectId));
}

/** Runs `total` operations with `CONCURRENCY` in flight; returns operations per second. */
async function throughput(total: number, operation: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await operation(next++);
    }),
  );
  return Math.round(total / ((performance.now() - started) / 1000));
}

/** Child mode: start one candidate, report the in-process start time, serve until killed. */
async function serve(index: number, port: number): Promise<void> {
  const started = performance.now();
  await (candidates[index] as Candidate).start(port);
  console.log(`ready ${Math.round(performance.now() - started)}`);
}

/** Spawns a server process; resolves once it listens, with its own start() time and the stop function. */
async function spawnServer(index: number, port: number) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL(import.meta.url).pathname, "--serve", String(index), String(port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (line.startsWith("ready ")) {
      return { startMs: Number(line.slice(6)), stop: () => void child.kill("SIGKILL") };
    }
  }
  throw new Error(`server ${index} exited before it was ready`);
}

async function measure(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const port = await freePort();
    const spawnedAt = performance.now();
    const server = await spawnServer(index, port);
    const db = client(port, `bench-${index}`);
    await db.doc("warm/up").get();
    const firstReadMs = Math.round(performance.now() - spawnedAt);

    const writes = await throughput(WRITES, (i) => db.doc(`writes/w${i % 200}`).set({ i, at: Date.now() }));
    const seed = db.batch();
    for (let i = 0; i < 100; i++) seed.set(db.doc(`items/i${i}`), { n: i, group: i % 10 });
    await seed.commit();
    const queries = await throughput(QUERIES, (i) =>
      db
        .collection("items")
        .where("group", "==", i % 10)
        .limit(5)
        .get(),
    );
    rows.push({
      emulator: candidate.name,
      "start() ms": server.startMs,
      "process spawn to first read ms": firstReadMs,
      "single-doc writes/s": writes,
      "small queries/s": queries,
    });
    await db.terminate();
    server.stop();
  }
  console.table(rows);
}

const serveAt = process.argv.indexOf("--serve");
if (serveAt === -1) {
  await measure();
  process.exit(0);
} else {
  await serve(Number(process.argv[serveAt + 1]), Number(process.argv[serveAt + 2]));
}
