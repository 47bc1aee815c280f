/**
 * Vault end to end: files that the real `ansible-vault` encrypts in the test (a vars
 * file in 1.1 format, a vars folder file and an inventory in 1.2 format with a vault id)
 * and inline `!vault` values give the same `--list` from ha-inventory (with the password)
 * as from `ansible-inventory`; without the password the vars files are skipped with a
 * warning. Skipped where Ansible is not installed, except in CI.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runAsync } from "../src/cli/main.ts";
import { emptyDir, have, writeTree } from "./helpers.ts";

const HAVE_ANSIBLE = have("ansible-vault") && have("ansible-inventory");

function ansible(program: string, args: string[], cwd: string) {
  const out = new Deno.Command(program, { args, cwd, stdout: "piped", stderr: "piped" })
    .outputSync();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test({
  name: "vault files ansible-vault encrypts give ansible-inventory's --list",
  ignore: !HAVE_ANSIBLE && Deno.env.get("CI") !== "true",
  async fn() {
    assert.ok(HAVE_ANSIBLE, "ansible-vault and ansible-inventory must be installed in CI");
    const dir = emptyDir();
    const cwd = emptyDir();
    try {
      writeTree(dir, {
        "pw": "correct horse battery staple\n",
        "inv/hosts": "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n",
        "inv/inline.yml": `all:
  children:
    web:
      vars:
        token: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          62313365396662343061393464336163383764373764613633653634306231386433626436623361
`,
        "inv/group_vars/web.yml": "web_secret: s3cret\nports: [80, 443]\n",
        "inv/group_vars/all/10-plain.yml": "plain: 1\n",
        "inv/group_vars/all/20-vault.yml": "from_vault_dir: {a: [1, 2.5, null]}\n",
        "inv/host_vars/db1.json": '{"db_password": "p\\u00e4ss"}\n',
      });
      const pw = join(dir, "pw");
      const encrypt = (args: string[]) => {
        const out = ansible("ansible-vault", ["encrypt", ...args], dir);
        assert.equal(out.code, 0, out.stderr);
      };
      encrypt(["--vault-password-file", pw, "inv/group_vars/web.yml", "inv/host_vars/db1.json"]);
      encrypt([`--vault-id=prod@${pw}`, "inv/group_vars/all/20-vault.yml", "inv/hosts"]);
      assert.match(
        Deno.readTextFileSync(join(dir, "inv/hosts")),
        /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/,
      );

      const sources = ["-i", join(dir, "inv/hosts"), "-i", join(dir, "inv/inline.yml")];
      const theirs = ansible(
        "ansible-inventory",
        [...sources, "--list", "--playbook-dir", cwd, "--vault-password-file", pw],
        cwd,
      );
      assert.equal(theirs.code, 0, theirs.stderr);
      const mine = await runAsync([
        ...sources,
        "--list",
        "--no-facts",
        "--playbook-dir",
        cwd,
        "--vault-password-file",
        pw,
      ]);
      assert.equal(mine.code, 0, mine.stderr);
      assert.equal(mine.stdout, theirs.stdout);
      assert.match(mine.stdout, /"web_secret": "s3cret"/);
      assert.match(mine.stdout, /"__ansible_vault": "\$ANSIBLE_VAULT;1\.1;AES256\\n6231/);

      // Without the password: the inventory itself cannot be read.
      const refused = await runAsync([...sources, "--list", "--no-facts", "--playbook-dir", cwd]);
      assert.equal(refused.code, 1);
      assert.equal(refused.stdout, "");
      assert.match(refused.stderr, /inv\/hosts: The inventory file is vault-encrypted/);

      // A plain inventory with vaulted vars files: skipped, each named, values unused.
      Deno.writeTextFileSync(join(dir, "inv/hosts"), "[web]\nweb1\n[db]\ndb1\n");
      const skipped = await runAsync([
        "-i",
        join(dir, "inv/hosts"),
        "--list",
        "--no-facts",
        "--playbook-dir",
        cwd,
      ]);
      assert.equal(skipped.code, 0, skipped.stderr);
      for (
        const file of ["group_vars/web.yml", "host_vars/db1.json", "group_vars/all/20-vault.yml"]
      ) {
        assert.ok(
          skipped.stderr.includes(
            `Skipping vault-encrypted vars file ${
              join(dir, "inv", file)
            }: no vault password was given, so its values are not used (facts included)`,
          ),
          skipped.stderr,
        );
      }
      assert.doesNotMatch(skipped.stdout, /web_secret|db_password|from_vault_dir/);
      assert.match(skipped.stdout, /"plain": 1/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
      Deno.removeSync(cwd, { recursive: true });
    }
  },
});
