import { Command } from "commander";
import type { Auth } from "firebase-admin/auth";
import { partnerIdSchema } from "partner-api-functions/shared";
import { CliError } from "../cli-error.js";
import { table } from "../format.js";
import { withRetry } from "../retry.js";
import { withServices, type GlobalOptions, type Runtime } from "../runtime.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- list
  $ npm run claims -- list --partner acme
  $ npm run claims -- list --json | jq -r '.[].uid'

Pages through every user (1000 per page) and prints those with partner claims, sorted by partner.`;

/** A partner user as `list --json` prints it. */
export interface PartnerUser {
  uid: string;
  email: string | null;
  partnerId: string;
  scopes: string[];
  disabled: boolean;
}

/** Every user carrying partner claims (optionally of one partner), paging through listUsers. */
export async function listPartnerUsers(
  auth: Pick<Auth, "listUsers">,
  partnerId?: string,
): Promise<PartnerUser[]> {
  const users: PartnerUser[] = [];
  let pageToken: string | undefined;
  do {
    const page = await withRetry(() => auth.listUsers(1000, pageToken));
    for (const user of page.users) {
      const claims = user.customClaims ?? {};
      if (claims.role !== "partner" || typeof claims.partnerId !== "string") continue;
      if (partnerId !== undefined && claims.partnerId !== partnerId) continue;
      users.push({
        uid: user.uid,
        email: user.email ?? null,
        partnerId: claims.partnerId,
        scopes: Array.isArray(claims.scopes) ? claims.scopes.map(String) : [],
        disabled: user.disabled,
      });
    }
    pageToken = page.pageToken;
  } while (pageToken);
  return users.sort((a, b) => a.partnerId.localeCompare(b.partnerId) || a.uid.localeCompare(b.uid));
}

/** `list [--partner <id>] [--json]`: every partner user, as a table or a JSON array. */
export function listCommand(runtime: Runtime): Command {
  return new Command("list")
    .description("list every user with partner claims")
    .option("--partner <id>", "only users of this partner")
    .option("--json", "print a JSON array instead of a table")
    .addHelpText("after", EXAMPLES)
    .action(async (options: { partner?: string; json: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (options.partner !== undefined && !partnerIdSchema.safeParse(options.partner).success) {
        throw new CliError("INVALID_INPUT", `--partner: "${options.partner}" is not a valid partner id`);
      }
      const { io } = runtime;
      await withServices(runtime, global, { needsFirestore: false }, async (services) => {
        const users = await listPartnerUsers(services.auth, options.partner);
        if (options.json) {
          io.out(JSON.stringify(users, null, 2));
          return;
        }
        const rows = users.map((user) => [
          user.uid,
          user.email ?? "",
          user.partnerId,
          user.scopes.join(","),
          user.disabled ? "disabled" : "",
        ]);
        io.out(table(["UID", "EMAIL", "PARTNER", "SCOPES", "STATE"], rows));
        io.err(`${users.length} partner user(s)`);
      });
    });
}
