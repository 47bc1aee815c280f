/**
 * `deno task compile` builds `dist/ha-inventory` for this machine; `deno task
 * compile:all` builds every release target. Permissions are baked in from
 * scripts/permissions.ts.
 *
 * `deno compile` downloads its runtime (denort) for each target unless `DENORT_BIN`
 * points to one. Where the download fails (no route to Deno's servers), this script
 * says so plainly instead of showing a network stack trace.
 */

import { RUN_FLAGS } from "./permissions.ts";

const TARGETS: Record<string, string> = {
  "x86_64-unknown-linux-gnu": "ha-inventory-linux-x86_64",
  "aarch64-unknown-linux-gnu": "ha-inventory-linux-aarch64",
  "x86_64-apple-darwin": "ha-inventory-macos-x86_64",
  "aarch64-apple-darwin": "ha-inventory-macos-aarch64",
  "x86_64-pc-windows-msvc": "ha-inventory-windows-x86_64.exe",
};

const all = Deno.args.includes("--all");
const jobs: { target?: string; output: string }[] = all
  ? Object.entries(TARGETS).map(([target, name]) => ({ target, output: `dist/${name}` }))
  : [{ output: "dist/ha-inventory" }];

let failed = 0;
for (const job of jobs) {
  const args = [
    "compile",
    "--frozen",
    ...RUN_FLAGS,
    ...(job.target ? ["--target", job.target] : []),
    "--output",
    job.output,
    "src/cli/main.ts",
  ];
  const result = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "piped" })
    .outputSync();
  const stderr = new TextDecoder().decode(result.stderr);
  if (result.success) {
    console.log(`built ${job.output}${job.target ? ` (${job.target})` : ""}`);
    continue;
  }
  failed++;
  if (/denort|dl\.deno\.land|dns error|error sending request|failed to lookup/i.test(stderr)) {
    console.error(
      `cannot build ${job.output}: deno compile needs the Deno runtime (denort) for ${
        job.target ?? "this machine"
      } and could not download it (no access to Deno's download server).\n` +
        "Run this where dl.deno.land is reachable, or set DENORT_BIN to a denort binary for the target.",
    );
  } else {
    console.error(`cannot build ${job.output}:\n${stderr}`);
  }
}
Deno.exit(failed === 0 ? 0 : 1);
