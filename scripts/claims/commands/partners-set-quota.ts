import { Command } from "commander";
import { partnerIdSchema } from "partner-api-functions/partner-claims";
import { CliError } from "../cli-error.js";
import { existingPartner, parseQuota, setQuota } from "../partner-admin.js";
import { printSettled } from "../format.js";
import { settlePending } from "../settle-pending.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners set-quota acme 50000
  $ npm run claims -- partners set-quota acme none

Requests per UTC day across every API instance (health, the OpenAPI document and the token endpoint
do not count). Past it the API answers 429 quota-exceeded until midnight UTC. A new quota reaches
the API within ACCESS_CACHE_SECONDS; instances see each other's counts within 2 x USAGE_FLUSH_SECONDS,
so a busy partner may overshoot by what it sends in that window. "none" removes the quota.`;

/** `partners set-quota <partnerId> <n|none>`: the partner's daily request quota; audited. */
export function partnersSetQuotaCommand(runtime: Runtime): Command {
  return new Command("set-quota")
    .description("set a partner's daily request quota, or remove it with none")
    .argument("<partnerId>", "the partner's id")
    .argument("<quota>", "requests per UTC day (a whole number), or none for unlimited")
    .addHelpText("after", EXAMPLES)
    .action(async (partnerId: string, quotaText: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (!partnerIdSchema.safeParse(partnerId).success) {
        throw new CliError("INVALID_INPUT", `"${partnerId}" is not a valid partner id`);
      }
      const quota = parseQuota(quotaText);
      const { io } = runtime;
      const dryRun = global.dryRun === true;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        // Changes an interrupted earlier run left pending are settled first, as for grant and revoke.
        if (!dryRun)
          printSettled(io, await settlePending(services.claims, { uids: [], partnerIds: [partnerId] }));
        const partner = await existingPartner(services.claims, partnerId);
        const label = (value: number | null) => (value === null ? "unlimited" : `${value} requests/day`);
        const changed = await setQuota(services.claims, partner, quota, { dryRun });
        if (!changed) io.out(`Partner ${partnerId} already has a quota of ${label(quota)}`);
        else
          io.out(
            `${dryRun ? "Would set" : "Set"} partner ${partnerId}'s quota: ${label(partner.dailyRequestQuota)} -> ${label(quota)}`,
          );
        if (dryRun) io.out("Dry run: nothing changed.");
      });
    });
}
