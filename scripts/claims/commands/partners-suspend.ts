import { Command } from "commander";
import { partnerIdSchema } from "partner-api-functions/shared";
import { CliError } from "../cli-error.js";
import { existingPartner, setStatus, SUSPENSION_EFFECTS } from "../partner-admin.js";
import { printSettled } from "../format.js";
import { settlePending } from "../settle-pending.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners suspend acme --dry-run
  $ npm run claims -- partners suspend acme

Sets partners/<id>.status to "suspended" (recorded in auditLogs). What that stops:
${SUSPENSION_EFFECTS.map((line) => `  - ${line}`).join("\n")}
  - Attachments: the rules refuse the partner's reads at once; download URLs handed out before stop
    working (each attachment gets a new download token).
Undo with \`partners activate <id>\`. Safe to run again.`;

/** `partners suspend <partnerId>`: refuses the partner's access everywhere; audited. */
export function partnersSuspendCommand(runtime: Runtime): Command {
  return new Command("suspend")
    .description("suspend a partner: the API, the rules and the token endpoint refuse it")
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
        const changed = await setStatus(services.claims, partner, "suspended", { dryRun });
        if (!changed) io.out(`Partner ${partnerId} is already suspended`);
        else io.out(`${dryRun ? "Would suspend" : "Suspended"} partner ${partnerId}`);
        for (const line of SUSPENSION_EFFECTS) io.out(`  - ${line}`);
        if (dryRun) {
          io.out("Dry run: nothing changed.");
          return;
        }
        io.err(`Stripping download tokens of ${partnerId}'s attachments...`);
        const stripped = await services.program.stripAttachmentDownloadTokens(partnerId);
        io.out(
          `  - Attachments: download tokens stripped from ${stripped} object(s); URLs handed out before stop working`,
        );
      });
    });
}
