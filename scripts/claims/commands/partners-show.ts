import { Command } from "commander";
import { viewOf } from "partner-api-functions/client-credentials";
import { partnerIdSchema } from "partner-api-functions/partner-claims";
import { usageDays } from "partner-api-functions/usage";
import { CliError } from "../cli-error.js";
import { table } from "../format.js";
import { existingPartner } from "../partner-admin.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";
import { listPartnerUsers } from "./list.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners show acme
  $ npm run claims -- partners show acme --json | jq .usageToday

Never prints a secret: credentials without their hashes, endpoints without their signing secrets.
Today's usage is what the API instances have written (each writes within USAGE_FLUSH_SECONDS).`;

/** `partners show <partnerId> [--json]`: status, quota, users, credentials, endpoints, today's usage. */
export function partnersShowCommand(runtime: Runtime): Command {
  return new Command("show")
    .description("show a partner: status, quota, users, credentials, webhook endpoints, today's usage")
    .argument("<partnerId>", "the partner's id")
    .option("--json", "print one JSON object instead of text")
    .addHelpText("after", EXAMPLES)
    .action(async (partnerId: string, options: { json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (!partnerIdSchema.safeParse(partnerId).success) {
        throw new CliError("INVALID_INPUT", `"${partnerId}" is not a valid partner id`);
      }
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const partner = await existingPartner(services.claims, partnerId);
        const now = new Date();
        const today = now.toISOString().slice(0, 10);
        const [users, credentials, endpoints, [usageToday]] = await Promise.all([
          listPartnerUsers(services.auth, partnerId),
          services.credentials.store.list(partnerId),
          services.program.endpoints.list(partnerId),
          usageDays(services.program.usage, partnerId, { from: today, to: today }),
        ]);
        const shown = {
          id: partner.id,
          status: partner.status,
          dailyRequestQuota: partner.dailyRequestQuota,
          // Machine credentials are Auth users too; they are listed as credentials, not as users.
          users: users.filter(({ uid }) => !credentials.some(({ clientId }) => clientId === uid)),
          credentials: credentials.map((credential) => viewOf(credential, now)),
          webhookEndpoints: endpoints.map(({ id, url, events, status, disabledReason }) => ({
            id,
            url,
            events,
            status,
            disabledReason,
          })),
          usageToday,
        };
        if (options.json) {
          io.out(JSON.stringify(shown, null, 2));
          return;
        }
        const quota = shown.dailyRequestQuota === null ? "unlimited" : String(shown.dailyRequestQuota);
        io.out(`Partner ${shown.id}: ${shown.status}, daily quota ${quota}`);
        io.out(
          `Today (${today}, UTC): ${usageToday?.requests ?? 0} requests` +
            (shown.dailyRequestQuota === null ? "" : ` of ${quota}`),
        );
        io.out("");
        io.out(
          table(
            ["USER", "EMAIL", "SCOPES", "STATE"],
            shown.users.map((user) => [
              user.uid,
              user.email ?? "",
              user.scopes.join(","),
              user.disabled ? "disabled" : "",
            ]),
          ),
        );
        io.out("");
        io.out(
          table(
            ["CLIENT ID", "SCOPES", "STATUS", "NAME"],
            shown.credentials.map((view) => [
              view.clientId,
              view.scopes.join(","),
              view.status,
              view.name ?? "",
            ]),
          ),
        );
        io.out("");
        io.out(
          table(
            ["ENDPOINT", "URL", "EVENTS", "STATUS"],
            shown.webhookEndpoints.map((endpoint) => [
              endpoint.id,
              endpoint.url,
              endpoint.events.join(","),
              endpoint.status,
            ]),
          ),
        );
      });
    });
}
