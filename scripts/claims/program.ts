import { Command, CommanderError } from "commander";
import { CliError, EXIT, type ExitStatus } from "./cli-error.js";
import { credentialsCommand } from "./commands/credentials.js";
import { grantCommand } from "./commands/grant.js";
import { importCommand } from "./commands/import.js";
import { listCommand } from "./commands/list.js";
import { partnersCommand } from "./commands/partners.js";
import { revokeCommand } from "./commands/revoke.js";
import { showCommand } from "./commands/show.js";
import { tokenCommand } from "./commands/token.js";
import { usageCommand } from "./commands/usage.js";
import type { Runtime } from "./runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- grant alice@acme.example --partner acme --scopes entries:read,entries:write
  $ npm run claims -- revoke alice@acme.example
  $ npm run claims -- show alice@acme.example
  $ npm run claims -- list --partner acme --json
  $ npm run claims -- import partners.csv --dry-run
  $ npm run claims -- token alice@acme.example          (emulator only)
  $ npm run claims -- credentials create --partner acme --scopes entries:read
  $ npm run claims -- partners show acme
  $ npm run claims -- partners set-quota acme 50000
  $ npm run claims -- usage --partner acme --json
  $ npm run claims -- <command> --help

Target: the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set (Firestore: FIRESTORE_EMULATOR_HOST; set
both or neither for commands that write);
the project is --project, else the default in .firebaserc. A project not named demo-* is real and needs
--yes or a typed confirmation. Every change is recorded in Firestore auditLogs.
Exit status: 0 done, 1 an operation failed, 2 bad usage or input (nothing changed).`;

/** The claims CLI as a commander program; each command lives in commands/ and gets the same runtime. */
export function buildProgram(runtime: Runtime): Command {
  const program = new Command("claims")
    .description("Grant and revoke partner custom claims on Firebase Auth users")
    .option("--project <id>", "Firebase project id or .firebaserc alias (default: .firebaserc default)")
    .option("--dry-run", "print what would change and change nothing")
    .option("-y, --yes", "do not ask before acting on a real (non demo-) project")
    .addHelpText("after", EXAMPLES)
    .showHelpAfterError("(add --help for usage and examples)")
    .configureOutput({
      writeOut: (text) => runtime.io.out(text.trimEnd()),
      writeErr: (text) => runtime.io.err(text.trimEnd()),
    })
    .exitOverride();
  // Subcommands inherit the output and exit settings above, so every usage error reaches runCli.
  const commands = [
    grantCommand,
    revokeCommand,
    showCommand,
    listCommand,
    importCommand,
    tokenCommand,
    credentialsCommand,
    partnersCommand,
    usageCommand,
  ];
  for (const make of commands) program.addCommand(inheritSettings(make(runtime), program));
  return program;
}

// copyInheritedSettings reaches one level; a command group passes the settings on to its own commands.
function inheritSettings(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inheritSettings(sub, command);
  return command;
}

/** Runs the CLI on `argv` (without node and script) and returns its exit status; never calls process.exit. */
export async function runCli(argv: readonly string[], runtime: Runtime): Promise<ExitStatus> {
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end early on purpose; every other commander error is bad usage.
      const ok = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      return ok ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      runtime.io.err(`error: ${error.message}`);
      return error.exitStatus;
    }
    // firebase-admin and network failures: the operation failed, the input may be fine.
    const code = (error as { code?: unknown }).code;
    runtime.io.err(`error: ${(error as Error).message ?? String(error)}${code ? ` (${String(code)})` : ""}`);
    return EXIT.failed;
  }
}
