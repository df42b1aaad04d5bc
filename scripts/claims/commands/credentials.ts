import { Command } from "commander";
import type { Runtime } from "../runtime.js";
import { credentialsCreateCommand } from "./credentials-create.js";
import { credentialsListCommand } from "./credentials-list.js";
import { credentialsRevokeCommand } from "./credentials-revoke.js";
import { credentialsRotateCommand } from "./credentials-rotate.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- credentials create --partner acme --scopes entries:read,entries:write --name "acme back office"
  $ npm run claims -- credentials list --partner acme
  $ npm run claims -- credentials rotate pci_0123456789abcdefghijkl --overlap 1h
  $ npm run claims -- credentials revoke pci_0123456789abcdefghijkl

A partner system exchanges its client id and secret at POST /v1/oauth/token (OAuth 2.0 client
credentials) for a Firebase ID token carrying the partner claims.`;

/** `credentials create|list|rotate|revoke`: machine credentials for partner systems. */
export function credentialsCommand(runtime: Runtime): Command {
  return new Command("credentials")
    .description("machine credentials (OAuth 2.0 client id and secret) for partner systems")
    .addHelpText("after", EXAMPLES)
    .addCommand(credentialsCreateCommand(runtime))
    .addCommand(credentialsListCommand(runtime))
    .addCommand(credentialsRotateCommand(runtime))
    .addCommand(credentialsRevokeCommand(runtime));
}
