import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// A module cycle makes evaluation order decide whether a class exists yet when another module's top level
// runs; the packages' modules form one DAG and this keeps it one. Imports between packages count (through
// each package's `exports`), so a cycle that crosses packages is found too. Type-only imports are erased at
// runtime and do not count; neither do dynamic imports, which run after every module has evaluated.

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../packages");

interface PackageJson {
  name: string;
  exports?: Record<string, string | { default?: string }>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** `@partner-api/x` and `@partner-api/x/sub`, as each package exports them, to the source file behind them. */
function workspaceExports(): Map<string, string> {
  const exported = new Map<string, string>();
  for (const name of readdirSync(packagesDir)) {
    const manifest = join(packagesDir, name, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as PackageJson;
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const file = typeof target === "string" ? target : target.default;
      if (file?.endsWith(".ts") === true)
        exported.set(
          subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice("./".length)}`,
          join(packagesDir, name, file),
        );
    }
  }
  return exported;
}

/** The package modules a file imports at runtime (import declarations and re-exports that are not type-only). */
function runtimeImports(file: string, exported: ReadonlyMap<string, string>): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const imports: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly === true ||
        (clause?.name === undefined &&
          bindings !== undefined &&
          ts.isNamedImports(bindings) &&
          bindings.elements.length > 0 &&
          bindings.elements.every((element) => element.isTypeOnly));
      if (!onlyTypes) specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      specifier = statement.moduleSpecifier;
    }
    if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
    const text = specifier.text;
    const target = text.startsWith(".")
      ? resolve(dirname(file), text.replace(/\.js$/, ".ts"))
      : exported.get(text);
    if (target !== undefined) imports.push(target);
  }
  return imports;
}

/** Every cycle found by a depth-first walk, each as the chain of files that closes it. */
function cycles(files: readonly string[]): string[][] {
  const exported = workspaceExports();
  const graph = new Map(files.map((file) => [file, runtimeImports(file, exported)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, stack: string[]) => {
    const at = stack.indexOf(file);
    if (at >= 0) {
      found.push([...stack.slice(at), file].map((f) => relative(packagesDir, f)));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
    done.add(file);
  };
  for (const file of files) visit(file, []);
  return found;
}

describe("module structure of packages/", () => {
  it("has no runtime import cycle in or between the packages' sources", () => {
    const files = readdirSync(packagesDir).flatMap((name) => {
      const src = join(packagesDir, name, "src");
      return existsSync(src) ? sourceFiles(src) : [];
    });
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(files)).toEqual([]);
  });
});
