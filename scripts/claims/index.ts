import { createInterface } from "node:readline/promises";
import { runCli } from "./program.js";
import type { Runtime } from "./runtime.js";
import { connectFirebase } from "./services.js";

const runtime: Runtime = {
  env: process.env,
  cwd: process.cwd(),
  connect: connectFirebase,
  io: {
    out: (text) => process.stdout.write(text + "\n"),
    err: (text) => process.stderr.write(text + "\n"),
    interactive: process.stderr.isTTY === true,
    stderr: process.stderr,
    async ask(question) {
      // Confirmation must come from a person at a terminal, never from piped input.
      if (!process.stdin.isTTY) return null;
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
  },
};

process.exitCode = await runCli(process.argv.slice(2), runtime);
