import { Command } from "commander";
import { viewOf, type CredentialView, partnerIdSchema } from "partner-api-functions/shared";
import { CliError } from "../cli-error.js";
import { table } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- credentials list
  $ npm run claims -- credentials list --partner acme --json | jq -r '.[].clientId'

Never prints a secret or its hash; shows how many secrets are valid and until when.`;

function secretsCell(view: CredentialView): string {
  if (view.status === "revoked") return "-";
  const ending = view.secrets.filter((secret) => secret.validUntil !== null);
  const until = ending.map((secret) => `one until ${secret.validUntil}`).join(", ");
  return `${view.secrets.length} valid${until ? ` (${until})` : ""}`;
}

/** `credentials list [--partner <id>] [--json]`: every machine credential, without secrets. */
export function credentialsListCommand(runtime: Runtime): Command {
  return new Command("list")
    .description("list machine credentials (never their secrets)")
    .option("--partner <id>", "only this partner's credentials")
    .option("--json", "print a JSON array instead of a table")
    .addHelpText("after", EXAMPLES)
    .action(async (options: { partner?: string; json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (options.partner !== undefined && !partnerIdSchema.safeParse(options.partner).success) {
        throw new CliError("INVALID_INPUT", `--partner: "${options.partner}" is not a valid partner id`);
      }
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const now = new Date();
        const views = (await services.credentials.store.list(options.partner)).map((c) => viewOf(c, now));
        if (options.json) {
          io.out(JSON.stringify(views, null, 2));
          return;
        }
        const rows = views.map((view) => [
          view.clientId,
          view.partnerId,
          view.scopes.join(","),
          view.status,
          secretsCell(view),
          view.name ?? "",
        ]);
        io.out(table(["CLIENT ID", "PARTNER", "SCOPES", "STATUS", "SECRETS", "NAME"], rows));
        io.err(`${views.length} credential(s)`);
      });
    });
}
