import { Command } from "commander";
import { applyRevoke, findUser, planRevoke } from "../claims-service.js";
import { claimsJson, userLabel } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- revoke alice@acme.example
  $ npm run claims -- revoke 8f2kQ1uid --dry-run

Removes role, partnerId and scopes (every other claim stays) and revokes the user's refresh tokens,
so the API refuses ID tokens issued before. Safe to run again: it revokes tokens again.`;

/** `revoke <uid|email>`: removes the partner claims and revokes refresh tokens. */
export function revokeCommand(runtime: Runtime): Command {
  return new Command("revoke")
    .description("remove a user's partner claims and revoke their refresh tokens")
    .argument("<user>", "the user's uid or email")
    .addHelpText("after", EXAMPLES)
    .action(async (userRef: string, _options: object, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const user = await findUser(services.auth, userRef);
        const plan = planRevoke(user);
        const dryRun = global.dryRun === true;
        await applyRevoke(services.claims, plan, { dryRun });
        const verb = dryRun ? "Would revoke" : "Revoked";
        if (plan.claimsChanged) {
          io.out(`${verb} partner claims of ${userLabel(plan)}`);
          io.out(`  claims before: ${claimsJson(plan.before)}`);
          io.out(`  claims after:  ${claimsJson(plan.after)}`);
        } else {
          io.out(`${userLabel(plan)} has no partner claims`);
        }
        io.out(
          `${verb} refresh tokens of ${plan.uid}: tokens issued before ${dryRun ? "would " : ""}stop working`,
        );
        if (dryRun) io.out("Dry run: nothing changed.");
      });
    });
}
