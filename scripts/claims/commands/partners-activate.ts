import { Command } from "commander";
import { partnerIdSchema } from "partner-api-functions/partner-claims";
import { CliError } from "../cli-error.js";
import { existingPartner, setStatus } from "../partner-admin.js";
import { printSettled } from "../format.js";
import { settlePending } from "../settle-pending.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners activate acme

Sets partners/<id>.status to "active" (recorded in auditLogs): its users' tokens and its machine
credentials work again (the API within ACCESS_CACHE_SECONDS, the rules at once). Webhook attempts
skipped while it was suspended are not re-sent by themselves: the partner catches up with
GET /v1/events or POST /v1/webhook-endpoints/{id}/replay. Stripped attachment download tokens stay
stripped (new URLs are made as usual). Safe to run again.`;

/** `partners activate <partnerId>`: lifts a suspension; audited. */
export function partnersActivateCommand(runtime: Runtime): Command {
  return new Command("activate")
    .description("re-activate a suspended partner")
    .argument("<partnerId>", "the partner's id")
    .addHelpText("after", EXAMPLES)
    .action(async (partnerId: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (!partnerIdSchema.safeParse(partnerId).success) {
        throw new CliError("INVALID_INPUT", `"${partnerId}" is not a valid partner id`);
      }
      const { io } = runtime;
      const dryRun = global.dryRun === true;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        // Changes an interrupted earlier run left pending are settled first, as for grant and revoke.
        if (!dryRun)
          printSettled(io, await settlePending(services.claims, { uids: [], partnerIds: [partnerId] }));
        const partner = await existingPartner(services.claims, partnerId);
        const changed = await setStatus(services.claims, partner, "active", { dryRun });
        if (!changed) io.out(`Partner ${partnerId} is already active`);
        else io.out(`${dryRun ? "Would activate" : "Activated"} partner ${partnerId}`);
        if (dryRun) io.out("Dry run: nothing changed.");
      });
    });
}
