import { ApiError, isClientId } from "partner-api-functions/shared";
import { CliError } from "./cli-error.js";

/** A client id argument, refused (exit 2) before any service is touched when it cannot be one. */
export function clientIdArgument(text: string): string {
  if (!isClientId(text)) {
    throw new CliError("INVALID_INPUT", `"${text}" is not a client id (pci_ and 22 letters or digits)`);
  }
  return text;
}

/** A credential's label: printable, at most 100 characters. */
export function credentialName(text: string | undefined): string | null {
  if (text === undefined) return null;
  // eslint-disable-next-line no-control-regex
  if (text.length === 0 || text.length > 100 || /[\u0000-\u001f\u007f]/.test(text)) {
    throw new CliError("INVALID_INPUT", "--name must be 1-100 printable characters");
  }
  return text;
}

/**
 * Runs a credential operation; the domain's refusals (no such client id, a revoked credential) are bad
 * input for the CLI (exit 2), and nothing was changed.
 */
export async function asCliInput<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) throw new CliError("INVALID_INPUT", error.detail);
    throw error;
  }
}
