import { existsSync, readFileSync } from "node:fs";
import { homedir, hostname, userInfo } from "node:os";
import { join } from "node:path";
import type { Target } from "./target.js";

/** Who made a change, as far as the credentials tell; recorded in every audit log. */
export interface Actor {
  /** "service-account", "gcloud-user" (from gcloud config, unverified), "emulator" or "unknown". */
  kind: "service-account" | "gcloud-user" | "emulator" | "unknown";
  /** The credential's identity (service account or gcloud account email), when one is known. */
  email: string | null;
  osUser: string;
  host: string;
  tool: "claims-cli";
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

// gcloud keeps the signed-in account in its active configuration as `account = ...` under [core].
function gcloudAccount(env: NodeJS.ProcessEnv): string | null {
  const configDir = env.CLOUDSDK_CONFIG ?? join(homedir(), ".config", "gcloud");
  const active = existsSync(join(configDir, "active_config"))
    ? readFileSync(join(configDir, "active_config"), "utf8").trim()
    : "default";
  const path = join(configDir, "configurations", `config_${active || "default"}`);
  if (!existsSync(path)) return null;
  const match = /^\s*account\s*=\s*(\S+)\s*$/m.exec(readFileSync(path, "utf8"));
  return match?.[1] ?? null;
}

/**
 * The admin's identity: the service account of GOOGLE_APPLICATION_CREDENTIALS, else the gcloud account
 * behind application default credentials, always with the OS user and host that ran the command.
 */
export function resolveActor(target: Target, env: NodeJS.ProcessEnv = process.env): Actor {
  const base = { osUser: safeUserName(), host: hostname(), tool: "claims-cli" as const };
  const keyFile = env.GOOGLE_APPLICATION_CREDENTIALS;
  const key = keyFile ? readJson(keyFile) : null;
  if (key && typeof key.client_email === "string") {
    return { kind: "service-account", email: key.client_email, ...base };
  }
  if (target.authEmulatorHost && target.projectId.startsWith("demo-")) {
    return { kind: "emulator", email: null, ...base };
  }
  const account = gcloudAccount(env);
  if (account) return { kind: "gcloud-user", email: account, ...base };
  return { kind: "unknown", email: null, ...base };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}
