/**
 * Variable names that are not strings (`1:`, `-3:`, `1.5:`, `true:` in YAML): Ansible keeps
 * them as the YAML typed them, so a host's variables can no longer be sorted, `--list` and
 * `--host` print them unsorted with a warning, and `--graph --vars` stops. Checked against
 * the real `ansible-inventory`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { ansibleInventorySync as ansibleInventory, emptyDir, have, writeTree } from "./helpers.ts";

const ANSIBLE = have("ansible-inventory");
if (!ANSIBLE) console.warn("!!! ansible-inventory is not installed: tests/var_names_test.ts skips");

const TREE = {
  "inv/hosts.yml": [
    "all:",
    "  vars:",
    "    a: 1",
    "  hosts:",
    "    h1:",
    "      -3: Yes",
    "    h2:",
    "      1.5: x",
    "    h3:",
    "  children:",
    "    g:",
    "      vars: {7: seven, b: 2}",
    "      hosts:",
    "        h3:",
    "",
  ].join("\n"),
  "inv/host_vars/h2.yml": "true: from a vars file\nz: last\n",
  "inv/hosts.ini": "[plain]\np1 x=1\n",
};

const SORT_WARNING = "Could not sort JSON output due to issues while sorting keys";

Deno.test({
  name: "non-string variable names print as ansible-inventory prints them",
  ignore: !ANSIBLE,
  fn() {
    const dir = emptyDir();
    try {
      writeTree(dir, TREE);
      const hosts = join(dir, "inv", "hosts.yml");
      const runs = [
        ["--list"],
        ["--list", "--export"],
        ["--list", "--yaml"],
        ["--host", "h1"],
        ["--host", "h2"],
        ["--host", "h3", "--yaml"],
      ];
      for (const extra of runs) {
        const args = ["-i", hosts, ...extra];
        const theirs = ansibleInventory(args, dir);
        assert.equal(theirs.code, 0, theirs.stderr);
        const mine = run([...args, "--no-facts"], { cwd: dir });
        assert.equal(mine.code, 0, mine.stderr);
        assert.equal(mine.stdout, theirs.stdout, args.join(" "));
        assert.equal(
          mine.stderr.includes(SORT_WARNING),
          theirs.stderr.includes(SORT_WARNING),
          `${args.join(" ")}: ${mine.stderr}`,
        );
      }
      // A source without such names is still sorted as usual.
      const plain = ["-i", join(dir, "inv", "hosts.ini"), "--list"];
      assert.equal(
        run([...plain, "--no-facts"], { cwd: dir }).stdout,
        ansibleInventory(plain, dir).stdout,
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "--graph --vars stops where ansible-inventory cannot order variable names",
  ignore: !ANSIBLE,
  fn() {
    const dir = emptyDir();
    try {
      writeTree(dir, TREE);
      const args = ["-i", join(dir, "inv", "hosts.yml"), "--graph", "--vars"];
      const theirs = ansibleInventory(args, dir);
      assert.notEqual(theirs.code, 0);
      assert.match(theirs.stderr, /'<' not supported between instances of/);
      const mine = run([...args, "--no-facts"], { cwd: dir });
      assert.equal(mine.code, 1);
      assert.equal(mine.stdout, "");
      assert.match(
        mine.stderr,
        /--graph --vars cannot order the variable names of host "h1": '<' not supported between instances of 'int' and 'str'/,
      );
      // Without --vars the tree prints.
      const graph = ["-i", join(dir, "inv", "hosts.yml"), "--graph"];
      assert.equal(
        run([...graph, "--no-facts"], { cwd: dir }).stdout,
        ansibleInventory(graph, dir).stdout,
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
