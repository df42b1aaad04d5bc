import { Command } from "commander";
import { planRevoke } from "../claims-plan.js";
import { applyPlan } from "../claims-service.js";
import { claimsJson, printSettled, userLabel } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";
import { settlePending } from "../settle-pending.js";
import { findUser } from "../users.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- revoke alice@acme.example
  $ npm run claims -- revoke 8f2kQ1uid --dry-run
  $ npm run claims -- revoke ops@acme.example --override-role

Removes role, partnerId and scopes (every other claim stays), revokes the user's refresh tokens and
records the revocation (revocations/<uid>) the security rules read, so ID tokens issued before are
refused by the API and on direct Firestore and Storage access, then ends every download link of the
attachments of the user's partner (each attachment gets a new download token; users who still have
access get new links through the SDK). Safe to run again: it revokes tokens and links again.
A user whose role claim was set by another system (anything but "partner") is refused (exit 2);
--override-role removes that role too.`;

/** `revoke <uid|email>`: removes the partner claims and revokes refresh tokens. */
export function revokeCommand(runtime: Runtime): Command {
  return new Command("revoke")
    .description("remove a user's partner claims and revoke their refresh tokens")
    .argument("<user>", "the user's uid or email")
    .option("--override-role", "also remove a role claim another system set (e.g. admin)")
    .addHelpText("after", EXAMPLES)
    .action(async (userRef: string, options: { overrideRole?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const user = await findUser(services.auth, userRef);
        const plan = planRevoke(user, { overrideRole: options.overrideRole === true });
        const dryRun = global.dryRun === true;
        if (!dryRun)
          printSettled(io, await settlePending(services.claims, { uids: [user.uid], partnerIds: [] }));
        await applyPlan(services.claims, plan, "claims.revoke", { dryRun });
        const verb = dryRun ? "Would revoke" : "Revoked";
        if (plan.claimsChanged) {
          io.out(`${verb} partner claims of ${userLabel(plan)}`);
          io.out(`  claims before: ${claimsJson(plan.before)}`);
          io.out(`  claims after:  ${claimsJson(plan.after)}`);
        } else {
          io.out(`${userLabel(plan)} has no partner claims`);
        }
        io.out(
          `${verb} refresh tokens of ${plan.uid}: tokens issued before ${dryRun ? "would " : ""}stop working ` +
            "(API and direct access)",
        );
        const partnerId = plan.before.role === "partner" ? plan.before.partnerId : undefined;
        if (typeof partnerId === "string")
          io.out(`${dryRun ? "Would end" : "Ended"} the download links of ${partnerId}'s attachments`);
        if (dryRun) io.out("Dry run: nothing changed.");
      });
    });
}
