/**
 * Differential test: generated inventories (see `tests/gen/inventory_gen.ts`) must give
 * byte-identical output from ha-inventory and the real `ansible-inventory` for
 * `--list`, and for each case one more of `--graph [GROUP] [--vars]`, `--list --export`,
 * `--list --yaml` and `--host PATTERN`.
 *
 * Environment: `HA_DIFF_COUNT` (default 300) cases, `HA_DIFF_SEED` (default fixed, so
 * CI runs are reproducible). Without `ansible-inventory` the test is skipped with a
 * loud message, except in CI (`CI=true`), where that is a failure. Longer runs:
 * `deno run -A scripts/differential.ts --help`.
 */

import assert from "node:assert/strict";
import { runDifferential } from "./gen/differential.ts";
import { envNumber, have } from "./helpers.ts";

const DEFAULT_SEED = 20240917;

Deno.test("ha-inventory output matches ansible-inventory on generated inventories", async () => {
  if (!have("ansible-inventory")) {
    const banner = "!".repeat(78);
    console.error(
      `\n${banner}\n!! differential test NOT RUN: ansible-inventory is not installed.\n` +
        `!! Install Debian's ansible-core (apt-get install ansible-core) to compare with the real tool.\n${banner}\n`,
    );
    console.log(
      "differential: 0 inventories compared, 0 identical, 0 skipped (ansible-inventory absent)",
    );
    assert.notEqual(Deno.env.get("CI"), "true", "ansible-inventory must be installed in CI");
    return;
  }
  const seed = envNumber("HA_DIFF_SEED", DEFAULT_SEED);
  const count = envNumber("HA_DIFF_COUNT", 300);
  console.log(`differential seed ${seed} (HA_DIFF_SEED=${seed} HA_DIFF_COUNT=${count} to repeat)`);
  const summary = await runDifferential({
    seed,
    count,
    concurrency: 2,
    extraModes: 1,
    yaml: true,
    log: (line) => console.log(line),
  });
  console.log(summary.line);
  console.log(`differential took ${summary.seconds.toFixed(0)} s`);
  const different = summary.outcomes.filter((o) => o.status === "different");
  assert.equal(summary.compared, count, "every requested case must be compared");
  assert.deepEqual(
    different.map((o) => o.index),
    [],
    `${different.length} inventories differ (reports above)`,
  );
  // The generator is meant to write only what Ansible parses; many skips would mean lost coverage.
  assert.ok(
    summary.skipped <= Math.ceil(count * 0.05),
    `too many skipped cases: ${summary.skipped}`,
  );
});
