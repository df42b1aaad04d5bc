import { Command } from "commander";
import { revokeAttachmentLinks } from "../attachment-links.js";
import { revokeCredential } from "../credential-admin.js";
import { assert } from "../cli-error.js";
import { asCliInput, clientIdArgument } from "../credential-input.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- credentials revoke pci_0123456789abcdefghijkl

The token endpoint refuses the credential at once. Its Auth user is disabled and its refresh tokens
revoked, and revocations/<uid> is written, so tokens already issued are refused by the API within its
caching bound (ACCESS_CACHE_SECONDS) and by the security rules at once. Then every download link of the
partner's attachments ends (each attachment gets a new download token; users who still have access get
new links through the SDK). Safe to run again.`;

/** `credentials revoke <clientId>`: ends a credential and every token issued to it. */
export function credentialsRevokeCommand(runtime: Runtime): Command {
  return new Command("revoke")
    .description("revoke a credential: no new tokens, and tokens already issued stop working")
    .argument("<clientId>", "the credential's client id (pci_...)")
    .addHelpText("after", EXAMPLES)
    .action(async (clientIdText: string, _options: object, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const clientId = clientIdArgument(clientIdText);
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: true }, async (services) => {
        if (global.dryRun === true) {
          const current = await services.credentials.store.get(clientId);
          assert(current, "INVALID_INPUT", `no credential has the client id ${clientId}`);
          io.out(`Would revoke ${clientId} of partner ${current.partnerId}`);
          io.out("Dry run: nothing changed.");
          return;
        }
        const revoked = await asCliInput(revokeCredential(services.credentials, clientId));
        const again = revoked.alreadyRevoked
          ? " (already revoked; Auth and rules records written again)"
          : "";
        io.out(`Revoked ${clientId} of partner ${revoked.credential.partnerId}${again}`);
        io.out(
          `  the token endpoint refuses it now; tokens issued before ${revoked.tokensValidAfter} stop working ` +
            "(API within its caching bound, direct access at once)",
        );
        const partnerId = revoked.credential.partnerId;
        const attachments = await revokeAttachmentLinks(services.attachments, partnerId);
        io.out(`  download links of ${attachments} attachments of ${partnerId} ended (each has a new token)`);
      });
    });
}
