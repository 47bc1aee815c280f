/**
 * `deno task bundle` writes `dist/ha-inventory`: the launcher as one self-contained
 * JavaScript file (npm dependencies included) with a `deno run` shebang carrying the
 * same permissions as the compiled binary. Unlike the repository's `ha-inventory`
 * launcher it can be copied anywhere, e.g. into `inventory/mycluster/` beside
 * `hosts.ini`, for hosts that have Deno but no compiled binary.
 */

import { RUN_FLAGS } from "./permissions.ts";

const output = Deno.args[0] ?? "dist/ha-inventory";
const temp = `${output}.bundle.js`;
const result = new Deno.Command(Deno.execPath(), {
  args: ["bundle", "--frozen", "--platform=deno", "--output", temp, "src/cli/main.ts"],
  stdout: "inherit",
  stderr: "inherit",
}).outputSync();
if (!result.success) Deno.exit(1);
const code = Deno.readTextFileSync(temp).replace(/^#!.*\n/, "");
const flags = RUN_FLAGS.filter((flag) => flag !== "--no-prompt");
Deno.writeTextFileSync(
  output,
  `#!/usr/bin/env -S deno run --no-config --no-lock ${flags.join(" ")} --no-prompt\n${code}`,
);
Deno.removeSync(temp);
Deno.chmodSync(output, 0o755);
console.log(`wrote ${output}`);
