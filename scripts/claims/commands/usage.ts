import { Command } from "commander";
import { partnerIdSchema } from "partner-api-functions/partner-claims";
import { usageDays, usageRange } from "partner-api-functions/usage";
import { usageQuerySchema } from "partner-api-functions/usage-schema";
import { CliError } from "../cli-error.js";
import { table } from "../format.js";
import { existingPartner } from "../partner-admin.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- usage --partner acme
  $ npm run claims -- usage --partner acme --from 2026-11-01 --to 2026-11-30 --json

Requests per UTC day (at most 93 days; default the last 7), by status class, with each day's busiest
route. The same numbers GET /v1/usage gives the partner; API instances write theirs within
USAGE_FLUSH_SECONDS (default 10 s).`;

/** `usage --partner <id> [--from] [--to] [--json]`: a partner's requests per day. */
export function usageCommand(runtime: Runtime): Command {
  return new Command("usage")
    .description("a partner's API requests per UTC day, by status class and route")
    .requiredOption("--partner <id>", "the partner")
    .option("--from <YYYY-MM-DD>", "first day (default: six days before --to)")
    .option("--to <YYYY-MM-DD>", "last day, included (default: today, UTC)")
    .option("--json", "print the days as JSON (as GET /v1/usage's data)")
    .addHelpText("after", EXAMPLES)
    .action(
      async (options: { partner: string; from?: string; to?: string; json?: boolean }, command: Command) => {
        const global = command.optsWithGlobals<GlobalOptions>();
        if (!partnerIdSchema.safeParse(options.partner).success) {
          throw new CliError("INVALID_INPUT", `--partner: "${options.partner}" is not a valid partner id`);
        }
        const query = usageQuerySchema.safeParse({ from: options.from, to: options.to });
        if (!query.success) {
          const field = String(query.error.issues[0]?.path[0] ?? "from");
          throw new CliError("INVALID_INPUT", `--${field}: must be a date, YYYY-MM-DD`);
        }
        let range: { from: string; to: string };
        try {
          range = usageRange(query.data, new Date());
        } catch (error) {
          throw new CliError("INVALID_INPUT", (error as Error).message);
        }
        const { io } = runtime;
        await withServices(runtime, global, { needsFirestore: true }, async (services) => {
          await existingPartner(services.claims, options.partner);
          const days = await usageDays(services.program.usage, options.partner, range);
          if (options.json) {
            io.out(JSON.stringify({ partnerId: options.partner, data: days }, null, 2));
            return;
          }
          const rows = days.map((day) => {
            const [route, count] = Object.entries(day.byRoute).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
            return [
              day.date,
              String(day.requests),
              String(day.byStatusClass["2xx"]),
              String(day.byStatusClass["3xx"]),
              String(day.byStatusClass["4xx"]),
              String(day.byStatusClass["5xx"]),
              route ? `${route} (${count})` : "",
            ];
          });
          io.out(table(["DATE", "REQUESTS", "2XX", "3XX", "4XX", "5XX", "BUSIEST ROUTE"], rows));
          const total = days.reduce((sum, day) => sum + day.requests, 0);
          io.err(`${total} request(s) from ${range.from} to ${range.to}`);
        });
      },
    );
}
