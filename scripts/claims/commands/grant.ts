import { Command } from "commander";
import { SCOPES } from "partner-api-functions/shared";
import { parsePartnerClaims, planGrant, splitScopes } from "../claims-plan.js";
import { applyPlan, ensurePartner } from "../claims-service.js";
import { CliError } from "../cli-error.js";
import { claimsJson, printSettled, userLabel } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";
import { settlePending } from "../settle-pending.js";
import { findUser } from "../users.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- grant alice@acme.example --partner acme --scopes entries:read,entries:write
  $ npm run claims -- grant 8f2kQ1uid --partner acme --scopes "entries:read entries:write"
  $ npm run claims -- grant alice@acme.example --partner acme --dry-run
  $ npm run claims -- grant alice@acme.example --partner acme --project my-prod-project --yes
  $ npm run claims -- grant ops@acme.example --partner acme --override-role

Merges role, partnerId and scopes into the user's claims and keeps every other claim. Creates
partners/<id> (status active) when it does not exist. Moving a user to another partner or removing a
scope also revokes the user's refresh tokens and records the revocation the security rules read, so
tokens issued before stop working on the API and on direct Firestore and Storage access.
A user whose role claim was set by another system (anything but "partner") is refused (exit 2);
--override-role replaces that role.`;

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
    .option("--override-role", "replace a role claim another system set (e.g. admin) with role partner")
    .addHelpText("after", EXAMPLES)
    .action(
      async (
        userRef: string,
        options: { partner: string; scopes: string; overrideRole?: boolean },
        command: Command,
      ) => {
        const global = command.optsWithGlobals<GlobalOptions>();
        const parsed = parsePartnerClaims(options.partner, splitScopes(options.scopes));
        if (!parsed.ok) throw new CliError("INVALID_INPUT", parsed.problems.join("; "));
        const partner = parsed.claims;
        const { io } = runtime;

        await withServices(runtime, global, { needsFirestore: true }, async (services) => {
          const user = await findUser(services.auth, userRef);
          const plan = planGrant(user, partner, { overrideRole: options.overrideRole === true });
          const dryRun = global.dryRun === true;
          const deps = services.claims;
          if (!dryRun)
            printSettled(
              io,
              await settlePending(deps, { uids: [user.uid], partnerIds: [partner.partnerId] }),
            );
          const outcome = await ensurePartner(deps, partner.partnerId, { dryRun });
          await applyPlan(deps, plan, "claims.grant", { dryRun });
          const would = dryRun ? "would " : "";

          if (outcome.created)
            io.out(`${dryRun ? "Would create" : "Created"} partners/${partner.partnerId} (status active)`);
          if (outcome.status !== "active") {
            io.err(
              `warning: partner ${partner.partnerId} is ${outcome.status}; the API refuses its users until it is active`,
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
            io.out(
              `  access narrowed: ${would}revoke refresh tokens and record the revocation, so tokens issued before stop working`,
            );
          if (dryRun) io.out("Dry run: nothing changed.");
        });
      },
    );
}
