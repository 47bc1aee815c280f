/**
 * The fuzz suite on a short fixed budget (see `scripts/fuzz.ts` for the inputs and the
 * long run): no input may crash ha-inventory, hang it, or get anything but a JSON
 * document with exit status 0 or an error with exit status 1 and empty stdout; where
 * `ansible-inventory` is installed, sampled inputs it parses cleanly must give the same
 * `--list`. Prints the `fuzz:` line `.ci/run` shows.
 *
 * Environment: `HA_FUZZ_SEED`, `HA_FUZZ_INPUTS`, `HA_FUZZ_COMPARE` change the budget.
 */

import assert from "node:assert/strict";
import { findAnsible, runFuzz } from "../scripts/fuzz.ts";
import { envNumber } from "./helpers.ts";

const DEFAULT_SEED = 20261128;

Deno.test("fuzzing: mutated and random inventories never crash, hang or half-print", async () => {
  const ansible = findAnsible();
  const seed = envNumber("HA_FUZZ_SEED", DEFAULT_SEED);
  const inputs = envNumber("HA_FUZZ_INPUTS", 1000);
  const compare = ansible ? envNumber("HA_FUZZ_COMPARE", 200) : 0;
  if (!ansible) {
    console.error("!! fuzz: ansible-inventory is not installed, no input is compared with it");
    assert.notEqual(Deno.env.get("CI"), "true", "ansible-inventory must be installed in CI");
  }
  console.log(`fuzz seed ${seed} (HA_FUZZ_SEED=${seed} HA_FUZZ_INPUTS=${inputs} to repeat)`);
  const summary = await runFuzz({
    seed,
    inputs,
    compare,
    timeoutMs: 10_000,
    log: (line) => console.log(line),
    ...(ansible ? { ansible } : {}),
  });
  console.log(summary.line);
  assert.equal(
    summary.ok + summary.rejected + summary.failures.length -
      (summary.differences - summary.knownDifferences),
    inputs,
  );
  assert.deepEqual(
    summary.failures.map((f) => `input ${f.index}: ${f.why}`),
    [],
    "reproduce with: deno run -A scripts/fuzz.ts --seed " + seed,
  );
  // The budget must reach both outcomes, or the mutators have stopped doing their job.
  assert.ok(summary.ok > inputs / 10 && summary.rejected > inputs / 10, summary.line);
});
