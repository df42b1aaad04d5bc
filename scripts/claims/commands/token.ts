import { Command } from "commander";
import { findUser } from "../users.js";
import { assert } from "../cli-error.js";
import { emulatorIdToken } from "../emulator-token.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ export FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:9099
  $ TOKEN=$(npm run --silent claims -- token alice@acme.example)
  $ curl -H "Authorization: Bearer $TOKEN" \\
      http://127.0.0.1:5001/demo-partner-api/us-central1/partnerApi/v1/me

Emulator only: refuses unless FIREBASE_AUTH_EMULATOR_HOST is set. The token carries the user's
current claims and is valid for one hour.`;

/** `token <uid|email>`: prints a fresh ID token minted by the Auth emulator, for curl. */
export function tokenCommand(runtime: Runtime): Command {
  return new Command("token")
    .description("emulator only: print a fresh ID token for a user")
    .argument("<user>", "the user's uid or email")
    .addHelpText("after", EXAMPLES)
    .action(async (userRef: string, _options: object, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const host = runtime.env.FIREBASE_AUTH_EMULATOR_HOST?.trim();
      // A real project's ID tokens are credentials; this tool never mints them.
      assert(
        host,
        "NOT_EMULATOR",
        "token works only against the Auth emulator; set FIREBASE_AUTH_EMULATOR_HOST",
      );
      await withServices(runtime, global, { needsFirestore: false }, async (services, target) => {
        const user = await findUser(services.auth, userRef);
        runtime.io.out(
          await emulatorIdToken(services.auth, target.authEmulatorHost ?? host, target.projectId, user.uid),
        );
      });
    });
}
