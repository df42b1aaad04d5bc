import { Command } from "commander";
import { SCOPES } from "../../../functions/src/domain/partner-claims.js";
import { applyGrant, findUser, parsePartnerClaims, planGrant, splitScopes } from "../claims-service.js";
import { CliError } from "../cli-error.js";
import { claimsJson, userLabel } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- grant alice@acme.example --partner acme --scopes entries:read,entries:write
  $ npm run claims -- grant 8f2kQ1uid --partner acme --scopes "entries:read entries:write"
  $ npm run claims -- grant alice@acme.example --partner acme --dry-run
  $ npm run claims -- grant alice@acme.example --partner acme --project my-prod-project --yes

Merges role, partnerId and scopes into the user's claims and keeps every other claim. Creates
partners/<id> (status active) when it does not exist. Moving a user to another partner or removing a
scope also revokes the user's refresh tokens, so tokens issued before stop working.`;

/** `grant <uid|email> --partner <id> [--scopes ...]`: makes a user a partner, merging claims. */
export function grantCommand(runtime: Runtime): Command {
  return new Command("grant")
    .description("merge partner claims (role, partnerId, scopes) into a user's custom claims")
    .argument("<user>", "the user's uid or email")
    .requiredOption("--partner <id>", "partner id: 1-64 chars of a-z, 0-9, '-'")
    .option(
      "--scopes <scopes>",
      `scopes, separated by ',', ';' or spaces (${SCOPES.join(", ")})`,
      "entries:read",
    )
    .addHelpText("after", EXAMPLES)
    .action(async (userRef: string, options: { partner: string; scopes: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const parsed = parsePartnerClaims(options.partner, splitScopes(options.scopes));
      if (!parsed.ok) throw new CliError("INVALID_INPUT", parsed.problems.join("; "));
      const partner = parsed.claims;
      const { io } = runtime;

      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const user = await findUser(services.auth, userRef);
        const plan = planGrant(user, partner);
        const dryRun = global.dryRun === true;
        const outcome = await applyGrant(services.claims, plan, partner, { dryRun });
        const would = dryRun ? "would " : "";

        if (outcome.partnerCreated)
          io.out(`${dryRun ? "Would create" : "Created"} partners/${partner.partnerId} (status active)`);
        if (outcome.partnerStatus !== "active") {
          io.err(
            `warning: partner ${partner.partnerId} is ${outcome.partnerStatus}; the API refuses its users until it is active`,
          );
        }
        if (!plan.claimsChanged) {
          io.out(`Unchanged: ${userLabel(plan)} already has ${claimsJson(plan.after)}`);
          return;
        }
        io.out(
          `${dryRun ? "Would grant" : "Granted"} partner ${partner.partnerId} [${partner.scopes.join(", ")}] to ${userLabel(plan)}`,
        );
        io.out(`  claims before: ${claimsJson(plan.before)}`);
        io.out(`  claims after:  ${claimsJson(plan.after)}`);
        if (plan.revokeTokens)
          io.out(`  access narrowed: ${would}revoke refresh tokens so tokens issued before stop working`);
        if (dryRun) io.out("Dry run: nothing changed.");
      });
    });
}
