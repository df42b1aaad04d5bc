import { Command, Option } from "commander";
import { table } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners list
  $ npm run claims -- partners list --status suspended --json | jq -r '.[].id'

Any stored status other than "active" lists as suspended (the API and the rules treat it so).`;

/** `partners list [--status active|suspended] [--json]`: every partner with its status and quota. */
export function partnersListCommand(runtime: Runtime): Command {
  return new Command("list")
    .description("list partners with their status and daily request quota")
    .addOption(
      new Option("--status <status>", "only partners with this status").choices(["active", "suspended"]),
    )
    .option("--json", "print a JSON array instead of a table")
    .addHelpText("after", EXAMPLES)
    .action(async (options: { status?: string; json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        const partners = (await services.claims.partners.listPartners()).filter(
          ({ status }) => options.status === undefined || status === options.status,
        );
        if (options.json) {
          io.out(JSON.stringify(partners, null, 2));
          return;
        }
        const rows = partners.map(({ id, status, dailyRequestQuota }) => [
          id,
          status,
          dailyRequestQuota === null ? "unlimited" : String(dailyRequestQuota),
        ]);
        io.out(table(["PARTNER", "STATUS", "DAILY QUOTA"], rows));
        io.err(`${partners.length} partner(s)`);
      });
    });
}
