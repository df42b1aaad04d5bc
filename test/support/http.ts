import { API_BASE } from "./stack.js";
import { ENTRY_INPUT } from "partner-api-functions/testing";

// Response bodies are dynamic JSON that the tests check with expect(); `any` keeps them readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls the partner API over real HTTP; `path` is relative to /v1 (e.g. "/entries"). */
export async function call<T = any>(path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${API_BASE}${path}`, { method: options.method ?? "GET", headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (e.g. the runtime's HTML 400); tests assert on `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * A valid entry body, with overrides. It carries no externalId unless asked: an externalId is unique
 * per partner, so a default one would make every second create of a test a 409.
 */
export function entryBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...ENTRY_INPUT, ...overrides };
}

/** A create carrying an Idempotency-Key, to send, race or repeat exactly as it is. */
export function keyedCreate(token: string, key: string, body = entryBody()): CallOptions {
  return { method: "POST", token, body, headers: { "idempotency-key": key } };
}
