/**
 * `--host localhost` where the inventory has no such host: Ansible makes one up (group
 * `all` only, a local connection, its own Python) and prints its variables. Checked
 * against the real `ansible-inventory`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { run } from "../src/cli/main.ts";
import { ansibleInventorySync, emptyDir, have, writeTree } from "./helpers.ts";

const ANSIBLE = have("ansible-inventory");
if (!ANSIBLE) console.warn("!!! ansible-inventory is not installed: tests/localhost_test.ts skips");

const TREE = {
  "inv/hosts.ini": "[all:vars]\nx=1\nansible_python_interpreter=/opt/python\n\n[web]\nw1 y=2\n",
  "inv/group_vars/all.yml": "gv: from group_vars/all\n",
  "inv/group_vars/ungrouped.yml": "not_for_localhost: 1\n",
  "inv/group_vars/web.yml": "not_for_localhost: 2\n",
  "inv/host_vars/localhost.yml": "hv: 4\nansible_connection: ssh\n",
  "inv/host_vars/127.0.0.1.yml": "loopback: true\n",
};

Deno.test({
  name: "--host for an implicit localhost prints what ansible-inventory prints",
  ignore: !ANSIBLE,
  fn() {
    const dir = emptyDir();
    try {
      writeTree(dir, TREE);
      const cwd = join(dir, "cwd");
      Deno.mkdirSync(cwd);
      const hosts = join(dir, "inv", "hosts.ini");
      for (const name of ["localhost", "127.0.0.1", "::1"]) {
        for (const extra of [[], ["--yaml"]]) {
          const args = ["-i", hosts, "--host", name, ...extra];
          const theirs = ansibleInventorySync(args, cwd, { ANSIBLE_LOCALHOST_WARNING: "False" });
          assert.equal(theirs.code, 0);
          const mine = run(args, { cwd });
          assert.equal(mine.code, 0, mine.stderr);
          assert.equal(mine.stdout, theirs.stdout, args.join(" "));
        }
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("--host for a host the inventory lacks, other than localhost, prints {}", () => {
  const dir = emptyDir();
  try {
    writeTree(dir, TREE);
    const result = run(["-i", join(dir, "inv", "hosts.ini"), "--host", "nothere"], {
      cwd: dir,
    });
    assert.equal(result.stdout, "{}\n");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("an inventory's own localhost is an ordinary host", () => {
  const dir = emptyDir();
  try {
    writeTree(dir, { "hosts.ini": "[web]\nlocalhost ansible_connection=local z=1\n" });
    const result = run(["-i", join(dir, "hosts.ini"), "--host", "localhost", "--no-facts"], {
      cwd: dir,
    });
    assert.deepEqual(JSON.parse(result.stdout), { ansible_connection: "local", z: 1 });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
