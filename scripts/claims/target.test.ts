import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { confirmTarget, describeTarget, resolveTarget, type Target } from "./target.js";

function repoWith(firebaserc: object): string {
  const dir = mkdtempSync(join(tmpdir(), "claims-target-"));
  writeFileSync(join(dir, ".firebaserc"), JSON.stringify(firebaserc));
  mkdirSync(join(dir, "sub"));
  return join(dir, "sub");
}

const emulated = { FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099", FIRESTORE_EMULATOR_HOST: "127.0.0.1:8080" };

describe("resolveTarget", () => {
  it("takes the default project from the nearest .firebaserc, and --project (or an alias) over it", () => {
    const cwd = repoWith({ projects: { default: "demo-one", prod: "acme-prod" } });
    const base = { env: emulated, cwd, needsFirestore: true };
    expect(resolveTarget({ ...base, projectFlag: undefined }).projectId).toBe("demo-one");
    expect(resolveTarget({ ...base, projectFlag: "demo-two" }).projectId).toBe("demo-two");
    expect(resolveTarget({ ...base, projectFlag: "prod" }).projectId).toBe("acme-prod");
  });

  it("refuses a demo project whose services are not emulated", () => {
    const cwd = repoWith({ projects: { default: "demo-one" } });
    expect(() => resolveTarget({ projectFlag: undefined, env: {}, cwd, needsFirestore: false })).toThrow(
      /FIREBASE_AUTH_EMULATOR_HOST/,
    );
    expect(() =>
      resolveTarget({
        projectFlag: undefined,
        env: { FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099" },
        cwd,
        needsFirestore: true,
      }),
    ).toThrow(/FIRESTORE_EMULATOR_HOST/);
  });

  it("refuses an invalid project id", () => {
    const cwd = repoWith({ projects: {} });
    expect(() => resolveTarget({ projectFlag: "Bad Id", env: emulated, cwd, needsFirestore: false })).toThrow(
      /not a valid Firebase project id/,
    );
    expect(() =>
      resolveTarget({ projectFlag: undefined, env: emulated, cwd, needsFirestore: false }),
    ).toThrow(/no default project/);
  });

  it("describes the target", () => {
    const target: Target = { projectId: "acme-prod", authEmulatorHost: null, firestoreEmulatorHost: null };
    expect(describeTarget(target, true)).toBe(
      "Target: project acme-prod via Firebase Auth (cloud), Cloud Firestore (cloud)",
    );
  });
});

describe("confirmTarget", () => {
  const real: Target = { projectId: "acme-prod", authEmulatorHost: null, firestoreEmulatorHost: null };
  const never = async () => {
    throw new Error("must not ask");
  };

  it("does not ask for a demo project or with --yes", async () => {
    await confirmTarget({ ...real, projectId: "demo-x" }, { yes: false, ask: never });
    await confirmTarget(real, { yes: true, ask: never });
  });

  it("asks for the project id and accepts only that", async () => {
    const questions: string[] = [];
    await confirmTarget(real, { yes: false, ask: async (q) => (questions.push(q), "acme-prod\n") });
    expect(questions[0]).toContain("acme-prod");
    await expect(confirmTarget(real, { yes: false, ask: async () => "y" })).rejects.toThrow(/did not match/);
  });

  it("refuses without a terminal to ask", async () => {
    await expect(confirmTarget(real, { yes: false, ask: async () => null })).rejects.toThrow(/pass --yes/);
  });
});
