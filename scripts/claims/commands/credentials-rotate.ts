import { Command } from "commander";
import { rotateCredential } from "../credential-admin.js";
import { assert } from "../cli-error.js";
import { asCliInput, clientIdArgument } from "../credential-input.js";
import { parseDuration } from "../duration.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- credentials rotate pci_0123456789abcdefghijkl
  $ npm run claims -- credentials rotate pci_0123456789abcdefghijkl --overlap 1h --json
  $ npm run claims -- credentials rotate pci_0123456789abcdefghijkl --overlap 0s     (a leaked secret: ends it now)

Prints a new secret (shown only now). The secrets valid before keep working until the overlap ends
(default 24h), so the partner system can switch without downtime.`;

/** `credentials rotate <clientId> [--overlap <duration>] [--json]`: a new secret, the old one ending later. */
export function credentialsRotateCommand(runtime: Runtime): Command {
  return new Command("rotate")
    .description("issue a new secret; the old one keeps working until the overlap ends")
    .argument("<clientId>", "the credential's client id (pci_...)")
    .option("--overlap <duration>", "how long the old secret keeps working: a number and s, m, h or d", "24h")
    .option("--json", 'print {"clientId","clientSecret","oldSecretValidUntil"}')
    .addHelpText("after", EXAMPLES)
    .action(async (clientIdText: string, options: { overlap: string; json?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const clientId = clientIdArgument(clientIdText);
      const overlapMs = parseDuration(options.overlap, "--overlap");
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        if (global.dryRun === true) {
          const current = await services.credentials.store.get(clientId);
          assert(current?.status === "active", "INVALID_INPUT", `${clientId} is not an active credential`);
          io.out(`Would rotate ${clientId}; the old secret would keep working for ${options.overlap}`);
          io.out("Dry run: nothing changed.");
          return;
        }
        const rotated = await asCliInput(rotateCredential(services.credentials, clientId, overlapMs));
        const { clientSecret, oldSecretValidUntil } = rotated;
        if (options.json) {
          io.out(JSON.stringify({ clientId, clientSecret, oldSecretValidUntil }, null, 2));
          return;
        }
        io.out(`Rotated ${clientId}`);
        io.out(`  client_secret: ${clientSecret}`);
        io.out(`  the previous secret works until ${oldSecretValidUntil}`);
        io.err("The new secret is shown only now and stored only as a hash.");
      });
    });
}
