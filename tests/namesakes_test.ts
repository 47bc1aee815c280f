/**
 * A host and a group of the same name. Ansible warns, and when it puts the host into
 * `ungrouped` it looks the name up among groups first: the group joins `ungrouped` (one
 * level deeper, under `ungrouped`'s variables) and the host stays in `all` alone.
 * Checked against the real `ansible-inventory`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { ansibleInventorySync as ansibleInventory, emptyDir, have, writeTree } from "./helpers.ts";

const ANSIBLE = have("ansible-inventory");
if (!ANSIBLE) console.warn("!!! ansible-inventory is not installed: tests/namesakes_test.ts skips");

const TREE = {
  "inv/hosts.ini":
    "[all]\nweb\nn1\n\n[web]\nn2\n[db]\nn3\n[db:vars]\nwho=db\n[web:vars]\nwho=ini\n",
  "inv/hosts.yml": [
    "all:",
    "  hosts:",
    "    cache:",
    "    n4:",
    "  children:",
    "    cache:",
    "      hosts:",
    "        n5: {who: host}",
    "    kept:",
    "      hosts:",
    "        cache_not:",
    "",
  ].join("\n"),
  "inv/group_vars/ungrouped.yml": "from_ungrouped: 1\nwho: ungrouped\n",
  "inv/group_vars/web.yml": "who: web\n",
};

Deno.test({
  name: "a host named like a group: its group joins ungrouped, as in ansible-inventory",
  ignore: !ANSIBLE,
  fn() {
    const dir = emptyDir();
    try {
      writeTree(dir, TREE);
      for (const source of ["hosts.ini", "hosts.yml"]) {
        const inventory = ["-i", join(dir, "inv", source)];
        const runs = [["--list"], ["--graph", "--vars"], ["--list", "--export"], [
          "--host",
          source === "hosts.ini" ? "n2" : "n5",
        ], ["--host", source === "hosts.ini" ? "web" : "cache"]];
        for (const extra of runs) {
          const args = [...inventory, ...extra];
          const theirs = ansibleInventory(args, dir);
          assert.equal(theirs.code, 0, theirs.stderr);
          const mine = run([...args, "--no-facts"], { cwd: dir });
          assert.equal(mine.code, 0, mine.stderr);
          assert.equal(mine.stdout, theirs.stdout, args.join(" "));
          assert.match(mine.stderr, /Found both group and host with same name/);
        }
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
