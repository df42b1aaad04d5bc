import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { COLLECTIONS, collectionPath, documentPath } from "./model.js";

const ROOT = join(__dirname, "../../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The collections table of docs/data-model.md, one row per collection, as written there. */
function documentedRows(): string[] {
  return read("docs/data-model.md")
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.replace(/\s+\|/g, " |").trim());
}

/** Every non-test TypeScript file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "lib") return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("the stored data model", () => {
  it("builds document and collection paths from the one template per collection", () => {
    expect(documentPath("entries", "acme", "e_1")).toBe("partners/acme/entries/e_1");
    expect(collectionPath("entries", "acme")).toBe("partners/acme/entries");
    expect(documentPath("entryVersions", "acme", "e_1", "2")).toBe("partners/acme/entries/e_1/versions/2");
    expect(collectionPath("webhookDeliveries", "acme", "we_1")).toBe(
      "partners/acme/webhookEndpoints/we_1/deliveries",
    );
    expect(documentPath("webhookEndpoints", "acme")).toBe("partners/acme/webhooks/endpoints");
    expect(collectionPath("auditLogs")).toBe("auditLogs");
  });

  it("is what docs/data-model.md lists: every collection, its writers and its readers", () => {
    const rows = Object.values(COLLECTIONS).map(
      ({ document, holds, writers, readers }) => `| \`${document}\` | ${holds} | ${writers} | ${readers} |`,
    );
    expect(documentedRows()).toEqual(rows);
  });

  it("is the only code that names a collection: no Firestore call with a literal path elsewhere", () => {
    // A string built from model.ts (`"${collectionPath(…)}"` in a printed snippet) is not a literal.
    const literalPath = /\b(?:collection|collectionGroup|doc)\(\s*(?:db,\s*)?["'`](?!\$\{)/;
    const offenders = ["functions/src", "scripts"]
      .flatMap(sources)
      .filter((path) => !path.endsWith("data/model.ts") && literalPath.test(read(path)))
      .map((path) => relative(ROOT, join(ROOT, path)));
    expect(offenders).toEqual([]);
  });
});
