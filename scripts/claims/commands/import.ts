import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { CliError } from "../cli-error.js";
import { parseImportCsv, planImport } from "../csv-import.js";
import { applyImport } from "../import-runner.js";
import { printSettled } from "../format.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";
import { settlePending } from "../settle-pending.js";
import { findUsers } from "../users.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- import partners.csv
  $ npm run claims -- import partners.csv --dry-run
  $ npm run claims -- import partners.csv --concurrency 1 --project my-prod-project --yes

partners.csv:
  user,partner,scopes
  alice@acme.example,acme,entries:read;entries:write
  8f2kQ1uid,globex,entries:read

Every row is validated first (partner id, scopes, the user exists, claims size, one row per user, no
role claim set by another system unless --override-role);
if any row is bad, every bad row is reported with its line number and nothing changes (exit 2).
Then rows are applied concurrently; a failed row does not stop the others (exit 1 if any failed).
Running the same file again changes nothing.`;

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new CliError("BAD_USAGE", `--concurrency must be an integer from 1 to 100, got "${value}"`);
  }
  return n;
}

/** `import <file.csv>`: validates every row, then grants them concurrently with a progress bar. */
export function importCommand(runtime: Runtime): Command {
  return new Command("import")
    .description("grant partner claims to every user of a CSV file (columns user,partner,scopes)")
    .argument("<file>", "CSV file with the header user,partner,scopes")
    .option("--concurrency <n>", "rows applied at once (1 applies them one at a time)", parseConcurrency, 10)
    .option("--override-role", "replace role claims another system set (e.g. admin) with role partner")
    .addHelpText("after", EXAMPLES)
    .action(
      async (file: string, options: { concurrency: number; overrideRole?: boolean }, command: Command) => {
        const global = command.optsWithGlobals<GlobalOptions>();
        const dryRun = global.dryRun === true;
        const { io } = runtime;
        let text: string;
        try {
          text = await readFile(file, "utf8");
        } catch (error) {
          throw new CliError("INVALID_INPUT", `cannot read ${file}: ${(error as Error).message}`);
        }
        const parsed = parseImportCsv(text);

        await withServices(runtime, global, { needsFirestore: true }, async (services) => {
          const users = await findUsers(
            services.auth,
            parsed.rows.map((row) => row.user),
          );
          const planOptions = { overrideRole: options.overrideRole === true };
          const { planned, problems } = planImport(parsed.rows, users, planOptions);
          const bad = [...parsed.problems, ...problems].sort((a, b) => a.line - b.line);
          if (bad.length > 0) {
            for (const problem of bad) io.err(`${file}:${problem.line}: ${problem.message}`);
            throw new CliError("INVALID_INPUT", `${bad.length} bad row(s) in ${file}; nothing changed`);
          }

          if (!dryRun) {
            const scope = {
              uids: planned.map((row) => row.plan.uid),
              partnerIds: planned.map((row) => row.partner.partnerId),
            };
            printSettled(io, await settlePending(services.claims, scope));
          }
          const bar = new SingleBar({
            stream: io.stderr,
            format: "{bar} {value}/{total} rows | {eta_formatted} left",
            hideCursor: true,
          });
          if (io.interactive) bar.start(planned.length, 0);
          const started = performance.now();
          const summary = await applyImport(services.claims, planned, {
            concurrency: options.concurrency,
            dryRun,
            planOptions,
            onRowDone: () => io.interactive && bar.increment(),
          });
          if (io.interactive) bar.stop();
          const seconds = ((performance.now() - started) / 1000).toFixed(2);

          for (const failure of summary.failed)
            io.err(`${file}:${failure.line}: ${failure.user}: ${failure.message}`);
          const verb = dryRun ? "would grant" : "granted";
          io.out(
            `${planned.length} rows in ${seconds}s (concurrency ${options.concurrency}): ` +
              `${verb} ${summary.granted}, unchanged ${summary.unchanged}, failed ${summary.failed.length}`,
          );
          if (summary.partnersCreated.length > 0) {
            io.out(
              `${dryRun ? "Would create" : "Created"} partner(s): ${summary.partnersCreated.join(", ")}`,
            );
          }
          if (dryRun) io.out("Dry run: nothing changed.");
          if (summary.failed.length > 0) {
            throw new CliError(
              "OPERATION_FAILED",
              `${summary.failed.length} row(s) failed; the others were applied`,
            );
          }
        });
      },
    );
}
