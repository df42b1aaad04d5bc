import { Command } from "commander";
import { findUser } from "../users.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- show alice@acme.example
  $ npm run claims -- show 8f2kQ1uid | jq .partnerId

Prints the user's custom claims as JSON on stdout ({} when there are none).`;

/** `show <uid|email>`: prints the user's claims as JSON. */
export function showCommand(runtime: Runtime): Command {
  return new Command("show")
    .description("print a user's custom claims as JSON")
    .argument("<user>", "the user's uid or email")
    .addHelpText("after", EXAMPLES)
    .action(async (userRef: string, _options: object, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withServices(runtime, global, { needsFirestore: false }, async (services) => {
        const user = await findUser(services.auth, userRef);
        runtime.io.out(JSON.stringify(user.customClaims ?? {}, null, 2));
      });
    });
}
