import { describe, expect, it } from "vitest";
import { adminAuth, createUser, uniqueId } from "../support/stack.js";
import {
  auditLogsFor,
  authHost,
  CLI_TEST_TIMEOUT_MS,
  partnerDoc,
  runClaims,
  runClaimsProcess,
} from "./claims-cli.js";

describe("claims CLI usage and safety", () => {
  it("--help of the tool and of every command shows examples and exits 0", async () => {
    for (const args of [
      ["--help"],
      ...["grant", "revoke", "show", "list", "import", "token"].map((c) => [c, "--help"]),
    ]) {
      const result = await runClaims(args);
      expect(result.status, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain("Examples:");
      expect(result.stdout, args.join(" ")).toMatch(/npm run (--silent )?claims -- /);
    }
  }, 60_000);

  it("answers bad usage with exit 2: unknown command, missing option, bad --concurrency", async () => {
    const unknown = await runClaims(["frobnicate"]);
    const missing = await runClaims(["grant", "someone@example.test"]);
    const concurrency = await runClaims(["import", "rows.csv", "--concurrency", "0"]);

    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--partner");
    expect(concurrency.status).toBe(2);
  });

  it("prints the target it acts on before acting", async () => {
    const user = await createUser({ tier: "gold" });

    const result = await runClaims(["show", user.uid]);

    expect(result.status).toBe(0);
    expect(result.stderr.split("\n")[0]).toBe(
      `Target: project demo-partner-api via Auth emulator ${authHost()}`,
    );
  });

  it("refuses a real (non demo-) project without --yes, naming it, before anything changes (exit 2)", async () => {
    const user = await createUser({ tier: "gold" });
    const partnerId = uniqueId("real");

    const result = await runClaims([
      "grant",
      user.uid,
      "--partner",
      partnerId,
      "--project",
      "acme-production",
    ]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Target: project acme-production");
    expect(result.stderr).toContain("refusing to act on real project acme-production");
    expect((await adminAuth().getUser(user.uid)).customClaims).toEqual({ tier: "gold" });
    expect(await partnerDoc(partnerId)).toBeUndefined();
    expect(await auditLogsFor(user.uid)).toEqual([]);
  });

  it("refuses a demo project without the emulators instead of reaching for the cloud (exit 2)", async () => {
    const result = await runClaims(["show", "anyone"], { env: { FIREBASE_AUTH_EMULATOR_HOST: undefined } });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("set FIREBASE_AUTH_EMULATOR_HOST");
  });

  it("exits 1 when an operation fails (Auth unreachable)", async () => {
    const result = await runClaims(["show", "anyone"], {
      env: { FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:1" },
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain("ECONNREFUSED");
  });
});

// Every other CLI test runs the CLI in the worker (runClaims). These two spawn it as `npm run claims` does,
// because what they prove is the entry point (index.ts) that an in-process run skips: the exit status
// reaching the shell, results on stdout and everything else on stderr, and the process's own environment
// and working directory becoming the CLI's.
describe("claims CLI as a process (npm run claims)", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("exits 0 for --help with the usage on stdout, and 2 for an unknown command with the error on stderr only", async () => {
    const help = await runClaimsProcess(["--help"]);
    const unknown = await runClaimsProcess(["frobnicate"]);

    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stderr).toBe("");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(unknown.stdout).toBe("");
  });

  it("acts on the emulators its environment names: the claims alone on stdout, the target on stderr", async () => {
    const user = await createUser({ tier: "gold" });

    const result = await runClaimsProcess(["show", user.uid]);

    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ tier: "gold" });
    expect(result.stderr.split("\n")[0]).toBe(
      `Target: project demo-partner-api via Auth emulator ${authHost()}`,
    );
    expect(result.stderr).not.toContain("gold");
  });
});
