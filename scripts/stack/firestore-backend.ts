import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Which Firestore the stack runs: the official emulator when this machine can run it (Java 21 and
 * its jar in firebase-tools' cache), else our embedded one on the same port.
 */
export type FirestoreBackend = "official" | "embedded";

export function chooseFirestoreBackend(): FirestoreBackend {
  return javaMajorVersion() >= 21 && officialJarPresent(/^cloud-firestore-emulator.*\.jar$/)
    ? "official"
    : "embedded";
}

/**
 * Which Storage the stack runs: the official emulator when its rules runtime can run (Java 21 and
 * the jar), else our embedded packages/storage-emulator on the same port.
 */
export function chooseStorageBackend(): "official" | "embedded" {
  return javaMajorVersion() >= 21 && officialJarPresent(/^cloud-storage-rules-runtime.*\.jar$/)
    ? "official"
    : "embedded";
}

function javaMajorVersion(): number {
  // `java -version` prints its banner on stderr; a missing java leaves both streams empty.
  const { stdout, stderr } = spawnSync("java", ["-version"], { encoding: "utf8" });
  const match = /version "(\d+)/.exec(`${stderr ?? ""}${stdout ?? ""}`);
  return match ? Number(match[1]) : 0;
}

function officialJarPresent(jar: RegExp): boolean {
  const cache = join(homedir(), ".cache", "firebase", "emulators");
  return existsSync(cache) && readdirSync(cache).some((file) => jar.test(file));
}
