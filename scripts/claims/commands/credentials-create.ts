import { Command } from "commander";
import { createCredential } from "../credential-admin.js";
import { SCOPES } from "partner-api-functions/shared";
import { parsePartnerClaims, splitScopes } from "../claims-plan.js";
import { ensurePartner } from "../claims-service.js";
import { CliError } from "../cli-error.js";
import { credentialName } from "../credential-input.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- credentials create --partner acme --scopes entries:read,entries:write --name "acme back office"
  $ npm run claims -- credentials create --partner acme --json | jq -r .clientSecret

Creates an Auth user (uid = the client id) carrying the partner claims, and a secret stored only as
a hash. The secret is printed only now. Creates partners/<id> (status active) when it does not exist.`;

interface CreateOptions {
  partner: string;
  scopes: string;
  name?: string;
  json?: boolean;
}

/** `credentials create --partner <id> [--scopes] [--name] [--json]`: a new client id and secret. */
export function credentialsCreateCommand(runtime: Runtime): Command {
  return new Command("create")
    .description("create a client id and secret for a partner system (the secret is shown only now)")
    .requiredOption("--partner <id>", "partner id: 1-64 chars of a-z, 0-9, '-'")
    .option(
      "--scopes <scopes>",
      `scopes, separated by ',', ';' or spaces (${SCOPES.join(", ")})`,
      "entries:read",
    )
    .option("--name <label>", "a label for admins, e.g. the partner system's name")
    .option("--json", 'print {"clientId","clientSecret","partnerId","scopes","name"}')
    .addHelpText("after", EXAMPLES)
    .action(async (options: CreateOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const parsed = parsePartnerClaims(options.partner, splitScopes(options.scopes));
      if (!parsed.ok) throw new CliError("INVALID_INPUT", parsed.problems.join("; "));
      const claims = parsed.claims;
      const name = credentialName(options.name);
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const dryRun = global.dryRun === true;
        const partner = await ensurePartner(services.claims, claims.partnerId, { dryRun });
        if (partner.created)
          io.err(`${dryRun ? "Would create" : "Created"} partners/${claims.partnerId} (status active)`);
        if (partner.status !== "active") {
          io.err(
            `warning: partner ${claims.partnerId} is ${partner.status}; the token endpoint refuses its clients`,
          );
        }
        if (dryRun) {
          io.out(`Would create a credential for partner ${claims.partnerId} [${claims.scopes.join(", ")}]`);
          io.out("Dry run: nothing changed.");
          return;
        }
        const { credential, clientSecret } = await createCredential(services.credentials, claims, name);
        const { clientId, partnerId, scopes } = credential;
        if (options.json) {
          io.out(JSON.stringify({ clientId, clientSecret, partnerId, scopes, name }, null, 2));
          return;
        }
        io.out(`Created credential ${clientId} for partner ${partnerId} [${scopes.join(", ")}]`);
        io.out(`  client_id:     ${clientId}`);
        io.out(`  client_secret: ${clientSecret}`);
        io.err(
          "The secret is shown only now and stored only as a hash; keep it in the partner system's secret store.",
        );
      });
    });
}
