// Runs before `npm start` and `npm test` (their pre-scripts), so a fresh clone needs no separate
// install step. It runs on whatever Node runs npm, which on a fresh machine is the system Node 20
// before the `node` devDependency exists, so it is plain JavaScript with no dependencies.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import process from "node:process";

// npm rewrites node_modules/.package-lock.json at the end of every install, after package-lock.json,
// so an install is current exactly when that file is at least as new as the lockfile.
const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs;
const installed = mtime("node_modules/.package-lock.json");
const locked = mtime("package-lock.json");

if (installed === undefined || (locked !== undefined && installed < locked)) {
  const why =
    installed === undefined ? "node_modules is missing" : "package-lock.json is newer than node_modules";
  // On an older system Node, npm warns about every package that wants Node 22 until the install brings it.
  process.stderr.write(`${why}: installing with npm ci (engine warnings on Node < 22 are expected)\n`);
  // npm_execpath is the npm that runs this pre-script; the same one installs.
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ["npm", []];
  execFileSync(command, [...args, "ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
}
