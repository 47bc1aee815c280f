/**
 * The permissions ha-inventory ships with (`scripts/permissions.ts`: what the compiled
 * binary bakes in and the launcher passes) are enough for every code path, and no more:
 * no network, no subprocesses, no FFI, environment variables by name only. Each case runs
 * `deno run` with exactly those flags on `src/cli/main.ts`, so a code path that needs
 * anything else fails here with Deno's `NotCapable` error.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { PERMISSION_FLAGS, RUN_FLAGS, shippedRun, V8_FLAGS } from "../scripts/permissions.ts";
import { VAULT_TEXT } from "../scripts/error_table.ts";
import { ROOT, writeTree } from "./helpers.ts";

function denoDir(): string {
  return Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
}

/** Runs the command with exactly the shipped permissions, in `cwd`, with only `env` set. */
function shipped(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): { code: number; stdout: string; stderr: string } {
  const out = new Deno.Command(Deno.execPath(), {
    args: shippedRun(args),
    cwd,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      DENO_DIR: denoDir(),
      NO_COLOR: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

const KUBESPRAY_INI = `[kube_control_plane]
node1 ansible_host=10.0.0.1 ip=10.0.0.1
node2 ansible_host=10.0.0.2 ip=10.0.0.2
[etcd]
node1
node2
node3 ansible_host=10.0.0.3 ip=10.0.0.3
[kube_node]
node3
node4 ansible_host=10.0.0.4
[k8s_cluster:children]
kube_control_plane
kube_node
`;

/** An inventory folder with every kind of file ha-inventory reads. */
function inventoryTree(): { dir: string; home: string; cwd: string } {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-perm-" });
  writeTree(dir, {
    "inventory/hosts.ini": KUBESPRAY_INI,
    "inventory/more.yml":
      "all:\n  children:\n    extra:\n      hosts:\n        node5: {x: !unsafe '{{ y }}'}\n",
    "inventory/group_vars/all/main.yml":
      "loadbalancer_apiserver: {address: 10.0.0.100, port: 8383}\nntp: [a, b]\n",
    "inventory/group_vars/etcd.json": '{"etcd_deployment_type": "host"}\n',
    "inventory/group_vars/kube_node.yml": VAULT_TEXT,
    "inventory/host_vars/node1.yml": "node_labels: {role: cp}\n",
    "pw": "secret\n",
    "home/.ansible.cfg": "[defaults]\nhash_behaviour = replace\n",
    "cwd/ansible.cfg": "[inventory]\nenable_plugins = host_list, yaml, ini\n",
    "cwd/group_vars/all.yml": "from_cwd: 1\n",
  });
  return { dir, home: join(dir, "home"), cwd: join(dir, "cwd") };
}

Deno.test("PERMISSION_FLAGS allow no network, no subprocess, no FFI and name the variables", () => {
  for (const flag of PERMISSION_FLAGS) {
    assert.doesNotMatch(flag, /^--allow-(net|run|ffi|sys|all|import)|^-A$|^--allow-env$/, flag);
  }
  assert.ok(PERMISSION_FLAGS.includes("--no-prompt"));
  assert.ok(PERMISSION_FLAGS.some((f) => f.startsWith("--allow-env=")));
});

Deno.test("RUN_FLAGS agree with the launcher's shebang and deno tasks ha-inventory and start", () => {
  const shebang = Deno.readTextFileSync(join(ROOT, "ha-inventory")).split("\n")[0]!;
  const tasks = (JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))) as {
    tasks: Record<string, string>;
  }).tasks;
  const lines = {
    launcher: shebang,
    "ha-inventory task": tasks["ha-inventory"]!,
    "start task": tasks.start!,
  };
  for (const [name, line] of Object.entries(lines)) {
    for (const flag of RUN_FLAGS) {
      assert.ok(line.split(" ").includes(flag), `${name} lacks ${flag}: ${line}`);
    }
    const extra = line.split(" ").filter((w) =>
      /^--(allow|deny)-|^-A$|^--v8-flags/.test(w) && !RUN_FLAGS.includes(w)
    );
    assert.deepEqual(extra, [], name);
  }
  assert.ok(V8_FLAGS.every((flag) => flag.startsWith("--v8-flags=")));
});

Deno.test("every code path runs with exactly the shipped permissions", () => {
  const { dir, home, cwd } = inventoryTree();
  try {
    const inv = join(dir, "inventory");
    const base = ["-i", join(inv, "hosts.ini"), "-i", join(inv, "more.yml")];
    const cases: {
      name: string;
      args: string[];
      env?: Record<string, string>;
      code?: number;
      stdout?: RegExp;
    }[] = [
      { name: "--list with facts", args: [...base, "--list"] },
      { name: "--list --no-facts --export", args: [...base, "--list", "--no-facts", "--export"] },
      { name: "--list --yaml", args: [...base, "--list", "--yaml"] },
      { name: "--host", args: [...base, "--host", "node1"] },
      { name: "--graph --vars", args: [...base, "--graph", "--vars", "--no-facts"] },
      { name: "a folder as source", args: ["-i", inv, "--list"] },
      { name: "a host list", args: ["-i", "a,b:2222", "--list"] },
      { name: "--limit", args: [...base, "--list", "--limit", "kube_node:!node4"] },
      {
        name: "--output",
        args: [...base, "--list", "--output", join(dir, "out.json")],
      },
      {
        name: "--vault-password-file",
        args: [...base, "--list", "--vault-password-file", join(dir, "pw")],
        stdout: /"b": "hello"/,
      },
      {
        name: "ANSIBLE_VAULT_PASSWORD_FILE",
        args: [...base, "--list"],
        env: { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, "pw") },
        stdout: /"b": "hello"/,
      },
      {
        name: "HA_INVENTORY discovery (the script protocol)",
        args: ["--list"],
        env: { HA_INVENTORY: `${inv}/hosts.ini, ${inv}/more.yml` },
      },
      {
        name: "HA_INVENTORY discovery, --host",
        args: ["--host", "node3"],
        env: { HA_INVENTORY: join(inv, "hosts.ini") },
      },
      {
        name: "ANSIBLE_CONFIG",
        args: [...base, "--list"],
        env: { ANSIBLE_CONFIG: join(home, ".ansible.cfg") },
      },
      { name: "config", args: ["config"] },
      { name: "check", args: [...base, "check"], code: -1 },
      { name: "explain", args: [...base, "explain", "node1"] },
      { name: "render haproxy", args: [...base, "render", "haproxy"] },
      {
        name: "render nginx (no nginx proxy here: refused)",
        args: [...base, "render", "nginx"],
        code: 1,
      },
      { name: "render hosts", args: [...base, "render", "hosts"] },
      { name: "an error: missing file", args: ["-i", join(dir, "missing.ini"), "--list"], code: 1 },
      { name: "--help", args: ["--help"] },
    ];
    for (const c of cases) {
      const result = shipped(c.args, { HOME: home, ...c.env }, cwd);
      const what = `${c.name}: exit ${result.code}\n${result.stderr}`;
      assert.doesNotMatch(
        result.stderr,
        /NotCapable|Requires \w+ access|not given permission/i,
        what,
      );
      assert.notEqual(result.code, 70, what);
      if (c.code !== -1) assert.equal(result.code, c.code ?? 0, what);
      if (c.stdout) assert.match(result.stdout, c.stdout, what);
    }
    // --output wrote its file, and nothing else was written beside the inventory.
    assert.ok(Deno.statSync(join(dir, "out.json")).isFile);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["cwd", "home", "inventory", "out.json", "pw"],
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("the shipped permissions refuse the network and subprocesses", () => {
  const probe = join(Deno.makeTempDirSync({ prefix: "ha-inventory-perm-" }), "probe.ts");
  try {
    Deno.writeTextFileSync(
      probe,
      `const tries = {
  net: () => Deno.connect({ hostname: "127.0.0.1", port: 9 }),
  run: () => new Deno.Command("true").output(),
  ffi: () => Promise.resolve(Deno.dlopen("libc.so.6", {})),
  env: () => Promise.resolve(Deno.env.get("PATH")),
};
for (const [name, attempt] of Object.entries(tries)) {
  try { await attempt(); console.log(name + " allowed"); }
  catch (e) { console.log(name + " " + (e instanceof Deno.errors.NotCapable ? "refused" : "failed: " + e)); }
}`,
    );
    const out = new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMISSION_FLAGS, probe],
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    assert.equal(
      new TextDecoder().decode(out.stdout),
      "net refused\nrun refused\nffi refused\nenv refused\n",
      new TextDecoder().decode(out.stderr),
    );
  } finally {
    Deno.removeSync(dirname(probe), { recursive: true });
  }
});

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

Deno.test("no code from an inventory runs, and templates come out as text", () => {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-sec-" });
  try {
    const marker = join(dir, "ran");
    const template = `{{ lookup('pipe', 'touch ${marker}') }}`;
    writeTree(dir, {
      "inv/hosts.ini": `[web]\nweb1 cmd="${template}"\n`,
      "inv/group_vars/web.yml": `from_file: "${template}"\nunsafe: !unsafe "${template}"\n`,
      "inv/host_vars/web1": `#!/bin/sh\n# a vars file is data, even with a shebang and +x\nx: 1\n`,
    });
    Deno.chmodSync(join(dir, "inv/host_vars/web1"), 0o755);
    const ok = shipped(["-i", join(dir, "inv/hosts.ini"), "--list"], { HOME: dir }, dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(ok.stdout.includes(JSON.stringify(template)), ok.stdout);
    assert.ok(ok.stdout.includes(`"__ansible_unsafe": ${JSON.stringify(template)}`));

    // An inventory script in a folder source is refused, not run.
    writeTree(dir, { "inv/zz-script": `#!/bin/sh\ntouch ${marker}\necho '{}'\n` });
    Deno.chmodSync(join(dir, "inv/zz-script"), 0o755);
    const refused = shipped(["-i", join(dir, "inv"), "--list"], { HOME: dir }, dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /zz-script: The file is an inventory script .* never runs code/);
    assert.equal(refused.stdout, "");
    assert.throws(() => Deno.statSync(marker), Deno.errors.NotFound);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a group or host name cannot make ha-inventory read outside group_vars/", () => {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-sec-" });
  try {
    // Ansible would read group_vars/../../secret.yml for the group "../../secret".
    writeTree(dir, {
      "secret.yml": "leaked: true\n",
      "inv/hosts.ini": "[../../secret]\nweb1\n",
      "inv/group_vars/keep.yml": "x: 1\n",
    });
    const result = shipped(["-i", join(dir, "inv/hosts.ini"), "--list", "--no-facts"], {
      HOME: dir,
    }, dir);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /leaked/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
