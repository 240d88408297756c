#!/usr/bin/env node
// The `backend-architect` command (package.json `bin`): `backend-architect review --help`.
import { runCli } from "./run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
