import { Command } from "commander";
import type { Runtime } from "../runtime.js";
import { partnersActivateCommand } from "./partners-activate.js";
import { partnersListCommand } from "./partners-list.js";
import { partnersSetQuotaCommand } from "./partners-set-quota.js";
import { partnersShowCommand } from "./partners-show.js";
import { partnersSuspendCommand } from "./partners-suspend.js";

const EXAMPLES = `
Examples:
  $ npm run claims -- partners list --status suspended
  $ npm run claims -- partners show acme --json
  $ npm run claims -- partners suspend acme
  $ npm run claims -- partners activate acme
  $ npm run claims -- partners set-quota acme 50000
  $ npm run claims -- partners set-quota acme none`;

/** `partners list|show|suspend|activate|set-quota`: the partner program's administration. */
export function partnersCommand(runtime: Runtime): Command {
  return new Command("partners")
    .description("list, inspect, suspend, re-activate partners and set their daily request quota")
    .addHelpText("after", EXAMPLES)
    .addCommand(partnersListCommand(runtime))
    .addCommand(partnersShowCommand(runtime))
    .addCommand(partnersSuspendCommand(runtime))
    .addCommand(partnersActivateCommand(runtime))
    .addCommand(partnersSetQuotaCommand(runtime));
}
