/**
 * Ansible's configuration, differential: for every setting ha-inventory applies, real
 * `ansible-inventory` and ha-inventory run on the same inventory under the same setting,
 * once written in `ansible.cfg` (found in the current directory) and once given as the
 * `ANSIBLE_*` variable, and must print the same document. ha-inventory runs as its
 * users run it: the launcher (with the binary's permissions) as a separate process, in
 * the same directory, with the same environment.
 *
 * Where Ansible only warns that it cannot parse a source and goes on without it,
 * ha-inventory refuses the source (an HA inventory read in half is dangerous); those
 * cases check that both give up on the same file for the same reason.
 *
 * The fact cache is filled by real Ansible (`ansible -m setup` against localhost with
 * `fact_caching = jsonfile`), then read by ha-inventory.
 *
 * Skipped with a loud message where Ansible is not installed; in CI (CI=true) that is a
 * failure instead.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { emptyDir, have, ROOT, writeTree } from "./helpers.ts";

const HAVE_ANSIBLE = have("ansible-inventory") && have("ansible");
const IN_CI = Deno.env.get("CI") === "true";
/** The launcher: ha-inventory with the compiled binary's permissions. */
const LAUNCHER = join(ROOT, "ha-inventory");
/** Deno's cache, kept when HOME is replaced by an empty folder. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");

if (!HAVE_ANSIBLE) {
  console.error(
    "\n!!! ansible-inventory is not installed: the ansible.cfg differential tests are SKIPPED." +
      "\n!!! Install Debian's ansible-core (apt-get install ansible-core) to run them.\n",
  );
}

function differential(name: string, fn: () => Promise<void>) {
  Deno.test({
    name: `ansible.cfg differential: ${name}`,
    ignore: !HAVE_ANSIBLE && !IN_CI,
    async fn() {
      assert.ok(HAVE_ANSIBLE, "ansible-inventory must be installed in CI");
      await fn();
    },
  });
}

interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clean environment: no ANSIBLE_* of the test runner, an empty home (no ~/.ansible.cfg). */
function environment(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    HOME: emptyDir(),
    LANG: "C.UTF-8",
    ANSIBLE_NOCOLOR: "1",
    ...extra,
  };
}

async function spawn(
  program: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<Output> {
  const result = await new Deno.Command(program, {
    args,
    cwd,
    env: environment(env),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: result.code, stdout: decode(result.stdout), stderr: decode(result.stderr) };
}

function ansibleInventory(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawn("ansible-inventory", args, cwd, env);
}

function haInventory(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawn(LAUNCHER, args, cwd, { DENO_DIR, ...env });
}

/** `[WARNING]: ...` messages, unwrapped, white space removed (Ansible wraps at 80 columns). */
function warnings(stderr: string): string[] {
  return stderr.split(/\[WARNING\]:/).slice(1).map((w) => w.replace(/\s+/g, ""));
}

/** How a setting is given: in ./ansible.cfg, or as environment variables. */
interface Setting {
  readonly cfg: string;
  readonly env: Record<string, string>;
}

/**
 * Runs both tools in `dir` with the setting given each way, for each argument list; the
 * documents, exit statuses and the group-name warnings must agree.
 */
async function sameUnder(
  dir: string,
  setting: Setting,
  argLists: string[][],
  options: { warning?: RegExp } = {},
): Promise<void> {
  const runs: (() => Promise<void>)[] = [];
  for (const how of ["ansible.cfg", "env"] as const) {
    const cwd = join(dir, how === "env" ? "env-cwd" : "cfg-cwd");
    await Deno.mkdir(cwd, { recursive: true });
    if (how === "ansible.cfg") await Deno.writeTextFile(join(cwd, "ansible.cfg"), setting.cfg);
    const env = how === "env" ? setting.env : {};
    for (const args of argLists) {
      runs.push(async () => {
        const [theirs, ours] = await Promise.all([
          ansibleInventory(args, cwd, env),
          haInventory([...args, "--no-facts"], cwd, env),
        ]);
        const what = `${how}: ${args.join(" ")}`;
        assert.equal(theirs.code, 0, `${what}: ${theirs.stderr}`);
        assert.equal(ours.code, 0, `${what}: ${ours.stderr}`);
        assert.equal(ours.stdout.trimEnd(), theirs.stdout.trimEnd(), what);
        if (options.warning) {
          const pattern = new RegExp(options.warning.source.replace(/ /g, ""));
          assert.equal(
            warnings(ours.stderr).some((w) => pattern.test(w)),
            warnings(theirs.stderr).some((w) => pattern.test(w)),
            `${what}: warnings differ:\n${theirs.stderr}\n---\n${ours.stderr}`,
          );
        }
      });
    }
  }
  await pool(runs, 2);
}

/** Runs `tasks` with at most `width` at a time (the tools are CPU-bound). */
async function pool(tasks: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Both tools give up on the same source: Ansible warns that it failed to parse it (and
 * prints the rest), ha-inventory stops with an error naming it. `reasonText` must be in both.
 */
async function bothRefuse(
  dir: string,
  setting: Setting,
  args: string[],
  source: string,
  reasonText: string,
): Promise<void> {
  for (const how of ["ansible.cfg", "env"] as const) {
    const cwd = join(dir, how === "env" ? "env-cwd" : "cfg-cwd");
    await Deno.mkdir(cwd, { recursive: true });
    if (how === "ansible.cfg") await Deno.writeTextFile(join(cwd, "ansible.cfg"), setting.cfg);
    const env = how === "env" ? setting.env : {};
    const [theirs, ours] = await Promise.all([
      ansibleInventory(args, cwd, env),
      haInventory([...args, "--no-facts"], cwd, env),
    ]);
    // Ansible wraps at 80 columns, also after hyphens: compare without white space.
    const squeeze = (text: string) => text.replace(/\s+/g, "");
    const unwrapped = squeeze(theirs.stderr);
    assert.ok(unwrapped.includes(squeeze(`Unable to parse ${source} as an inventory source`)), how);
    assert.ok(unwrapped.includes(squeeze(reasonText)), `${how}: ${theirs.stderr}`);
    assert.equal(ours.code, 1, `${how}: ${ours.stdout}`);
    assert.ok(squeeze(ours.stderr).includes(squeeze(reasonText)), `${how}: ${ours.stderr}`);
    assert.ok(ours.stderr.includes(source), `${how}: ${ours.stderr}`);
  }
}

// ---------------------------------------------------------------------------
// Directory sources

differential("inventory_ignore_extensions / ANSIBLE_INVENTORY_IGNORE", async () => {
  const dir = emptyDir();
  writeTree(dir, {
    "inv/hosts.yaml": "all:\n  hosts:\n    yamlhost:\n",
    "inv/extra.creds": "[creds]\ncredhost\n",
    "inv/key.gpg": "[gpg]\ngpghost\n",
    "inv/notes.txt": "[txt]\ntxthost\n",
    "inv/old.ini": "[ini]\ninihost\n",
    "inv/backup~": "[tilde]\ntildehost\n",
  });
  const inv = join(dir, "inv");
  await sameUnder(dir, {
    cfg: "[defaults]\ninventory_ignore_extensions = .creds, .gpg\n",
    env: { ANSIBLE_INVENTORY_IGNORE: ".creds,.gpg" },
  }, [["-i", inv, "--list"]]);
  await sameUnder(dir, {
    cfg: "[inventory]\nignore_extensions = '.txt', \"~\", .ini\n",
    env: { ANSIBLE_INVENTORY_IGNORE: "'.txt', \"~\", .ini" },
  }, [["-i", inv, "--list"]]);
});

differential("[inventory] ignore_patterns / ANSIBLE_INVENTORY_IGNORE_REGEX", async () => {
  const dir = emptyDir();
  writeTree(dir, {
    "inv/hosts.yaml": "all:\n  hosts:\n    yamlhost:\n",
    "inv/artifacts/admin.conf": "apiVersion: v1\nkind: Config\n",
    "inv/credentials/kubeadm_certificate_key.creds": "secret\n",
    "inv/old_hosts": "[old]\noldhost\n",
    "inv/sub/my_artifacts_list": "[listed]\nlistedhost\n",
    "inv/sub/kept": "[kept]\nkepthost\n",
  });
  const inv = join(dir, "inv");
  await sameUnder(dir, {
    cfg: "[inventory]\nignore_patterns = artifacts, credentials, ^old_\n",
    env: { ANSIBLE_INVENTORY_IGNORE_REGEX: "artifacts,credentials,^old_" },
  }, [["-i", inv, "--list"]]);
  await sameUnder(dir, {
    cfg: "[defaults]\ninventory_ignore_patterns = (?P<a>art)ifacts, cred, \\Aold\n",
    env: { ANSIBLE_INVENTORY_IGNORE_REGEX: "(?P<a>art)ifacts,cred,\\Aold" },
  }, [["-i", inv, "--list"]]);
  // Without the setting, Ansible cannot parse the kubeconfig either: it warns, we stop.
  await bothRefuse(
    dir,
    { cfg: "[defaults]\n", env: {} },
    ["-i", inv, "--list"],
    join(inv, "artifacts", "admin.conf"),
    "Invalid host pattern 'apiVersion:' supplied",
  );
});

// ---------------------------------------------------------------------------
// Variables

/** Dicts set at every level, twice in some, lists and a dict/scalar clash. */
function mergeFixture(): string {
  const dir = emptyDir();
  writeTree(dir, {
    "inv/hosts.yml": [
      "all:",
      "  vars:",
      "    d: {a: 1, nested: {x: 1}}",
      "    l: [1, 2]",
      "  children:",
      "    g1:",
      "      vars:",
      "        d: {b: 2, nested: {y: 2}}",
      "        k: {p: 1}",
      "        mixed: {a: 1}",
      "      hosts:",
      "        h1:",
      "          d: {c: 3}",
      "          hv: {one: 1}",
      "    g2:",
      "      vars:",
      "        mixed: 5",
      "        k: {q: 2}",
      "      hosts:",
      "        h1:",
      "          hv: {two: 2}",
      "        h2:",
      "",
    ].join("\n"),
    "inv/more.ini":
      "[g3]\nh3 x=\"{'a': 1}\"\n[g3:vars]\nv={'a': {'b': 1}}\n[g3:vars]\nv={'a': {'c': 2}}\n",
    "inv/group_vars/all.yml": "d: {fromfile: all}\nx: all_file\n",
    "inv/group_vars/g1.yml": "mixed: {b: 2}\nx: g1_file\n",
    "inv/group_vars/g2/a.yml": "k: {r: 3}\n",
    "inv/group_vars/g2/b.yml": "k: {s: 4}\nl: [9]\n",
    "inv/host_vars/h1.yml": "hv: {three: 3}\n",
    "pb/group_vars/all.yml": "d: {pb: 1}\npbvar: {z: 1}\n",
  });
  return dir;
}

function mergeArgs(dir: string): string[][] {
  const inv = ["-i", join(dir, "inv", "hosts.yml"), "-i", join(dir, "inv", "more.ini")];
  // --export with --playbook-dir differs for a reason unrelated to the settings (see the report).
  return [[...inv, "--list", "--playbook-dir", join(dir, "pb")], [...inv, "--list", "--export"]];
}

differential("hash_behaviour = merge / ANSIBLE_HASH_BEHAVIOUR", async () => {
  const dir = mergeFixture();
  await sameUnder(dir, {
    cfg: "[defaults]\nhash_behaviour = merge\n",
    env: { ANSIBLE_HASH_BEHAVIOUR: "merge" },
  }, mergeArgs(dir));
});

differential("precedence / ANSIBLE_PRECEDENCE, with replace and merge", async () => {
  const dir = mergeFixture();
  const reversed = "all_plugins_play,groups_plugins_play,all_plugins_inventory," +
    "groups_plugins_inventory,all_inventory,groups_inventory";
  await sameUnder(dir, {
    cfg: `[defaults]\nprecedence = ${reversed.replaceAll(",", ", ")}\n`,
    env: { ANSIBLE_PRECEDENCE: reversed },
  }, mergeArgs(dir));
  await sameUnder(dir, {
    cfg: `[defaults]\nprecedence = ${reversed}\nhash_behaviour = merge\n`,
    env: { ANSIBLE_PRECEDENCE: reversed, ANSIBLE_HASH_BEHAVIOUR: "merge" },
  }, mergeArgs(dir));
  await sameUnder(
    dir,
    {
      cfg: "[defaults]\nprecedence = groups_inventory, bogus, all_inventory\n",
      env: { ANSIBLE_PRECEDENCE: "groups_inventory,bogus,all_inventory" },
    },
    mergeArgs(dir).slice(0, 3),
    { warning: /Ignoring unknown variable precedence entry: bogus/ },
  );
});

differential("vars_plugins_enabled, run_vars_plugins and host_group_vars' stage", async () => {
  const dir = mergeFixture();
  const reversed = "all_plugins_inventory,groups_plugins_inventory,all_inventory,groups_inventory";
  const cases: Setting[] = [
    { cfg: "[defaults]\nvars_plugins_enabled = \n", env: { ANSIBLE_VARS_ENABLED: "" } },
    {
      cfg: "[defaults]\nvars_plugins_enabled = ansible.builtin.host_group_vars\n",
      env: { ANSIBLE_VARS_ENABLED: "ansible.builtin.host_group_vars" },
    },
    {
      cfg: `[defaults]\nrun_vars_plugins = start\nprecedence = ${reversed}\n`,
      env: { ANSIBLE_RUN_VARS_PLUGINS: "start", ANSIBLE_PRECEDENCE: reversed },
    },
    {
      cfg: "[defaults]\nrun_vars_plugins = start\nhash_behaviour = merge\n",
      env: { ANSIBLE_RUN_VARS_PLUGINS: "start", ANSIBLE_HASH_BEHAVIOUR: "merge" },
    },
    {
      cfg: "[vars_host_group_vars]\nstage = inventory\n",
      env: { ANSIBLE_VARS_PLUGIN_STAGE: "inventory" },
    },
    { cfg: "[vars_host_group_vars]\nstage = task\n", env: { ANSIBLE_VARS_PLUGIN_STAGE: "task" } },
  ];
  for (const setting of cases) await sameUnder(dir, setting, mergeArgs(dir));
});

differential("[inventory] export / ANSIBLE_INVENTORY_EXPORT", async () => {
  const dir = mergeFixture();
  await sameUnder(dir, {
    cfg: "[inventory]\nexport = yes\n",
    env: { ANSIBLE_INVENTORY_EXPORT: "True" },
  }, [mergeArgs(dir)[1]!.filter((arg) => arg !== "--export")]);
});

differential("playbook_dir / ANSIBLE_PLAYBOOK_DIR", async () => {
  const dir = mergeFixture();
  const inv = ["-i", join(dir, "inv", "hosts.yml")];
  // In the file, relative to the file's folder; in the variable, to the current directory.
  await sameUnder(dir, {
    cfg: "[defaults]\nplaybook_dir = ../pb\n",
    env: { ANSIBLE_PLAYBOOK_DIR: "../pb" },
  }, [[...inv, "--list"]]);
});

// ---------------------------------------------------------------------------
// Group names

differential("force_valid_group_names / ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS", async () => {
  const dir = emptyDir();
  writeTree(dir, {
    "hosts.yml": [
      "all:",
      "  children:",
      "    kube-master:",
      "      hosts: {node1: {ip: 10.0.0.1}}",
      "      vars: {role: master}",
      "    k8s.cluster:",
      "      children:",
      "        kube-master:",
      "        kube-node:",
      "          hosts:",
      "            node2:",
      "    1st:",
      "      hosts:",
      "        node3:",
      "",
    ].join("\n"),
    "hosts.ini": "[etcd-members]\nnode1\n[etcd-members:vars]\nx=1\n[plain]\nnode4\n",
  });
  const args = ["-i", join(dir, "hosts.yml"), "-i", join(dir, "hosts.ini")];
  for (const mode of ["never", "always", "ignore", "silently"]) {
    await sameUnder(
      dir,
      {
        cfg: `[defaults]\nforce_valid_group_names = ${mode}\n`,
        env: { ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: mode },
      },
      [[...args, "--list"], [...args, "--graph"]],
      {
        warning: /Invalid characters were found in group names/,
      },
    );
  }
});

differential(
  "force_valid_group_names = always: INI children keep their names, as in Ansible",
  async () => {
    const dir = emptyDir();
    writeTree(dir, { "hosts.ini": "[kube-master]\nnode1\n[k8s-cluster:children]\nkube-master\n" });
    await bothRefuse(
      dir,
      {
        cfg: "[defaults]\nforce_valid_group_names = always\n",
        env: { ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: "always" },
      },
      ["-i", join(dir, "hosts.ini"), "--list"],
      join(dir, "hosts.ini"),
      "Section [k8s_cluster:children] includes undefined group: kube-master",
    );
  },
);

// ---------------------------------------------------------------------------
// Which parser reads a file

differential(
  "[inventory] enable_plugins / ANSIBLE_INVENTORY_ENABLED picks the parser",
  async () => {
    const dir = emptyDir();
    // INI reads this as group "all.vars" with host "x=1"; TOML as a variable of "all".
    writeTree(dir, { "t.toml": "[all.vars]\nx=1\n", "h.yml": "all:\n  hosts:\n    y1:\n" });
    const toml = ["-i", join(dir, "t.toml")];
    for (const plugins of ["toml, ini", "ansible.builtin.toml, ansible.builtin.yaml"]) {
      await sameUnder(dir, {
        cfg: `[inventory]\nenable_plugins = ${plugins}\n`,
        env: { ANSIBLE_INVENTORY_ENABLED: plugins.replaceAll(" ", "") },
      }, [[...toml, "--list"]]);
    }
    await sameUnder(dir, {
      cfg: "[inventory]\nenable_plugins = host_list, ini, yaml, toml\n",
      env: { ANSIBLE_INVENTORY_ENABLED: "host_list,ini,yaml,toml" },
    }, [[...toml, "--list"], ["-i", join(dir, "h.yml"), "--list"], ["-i", "a,b", "--list"]]);
    await bothRefuse(
      dir,
      {
        cfg: "[inventory]\nenable_plugins = ini, yaml\n",
        env: { ANSIBLE_INVENTORY_ENABLED: "ini,yaml" },
      },
      ["-i", "a,b", "--list"],
      "a,b",
      "Unable to parse a,b as an inventory source",
    );
  },
);

differential(
  "yaml_valid_extensions / ANSIBLE_YAML_FILENAME_EXT (sources and vars files)",
  async () => {
    const dir = emptyDir();
    writeTree(dir, {
      "inv/hosts.conf": "all:\n  hosts:\n    confhost:\n  vars:\n    a: 1\n",
      "inv/group_vars/all.conf": "from_conf: true\n",
      "inv/group_vars/all.yml": "from_yml: true\n",
    });
    const args = [["-i", join(dir, "inv", "hosts.conf"), "--list"]];
    await sameUnder(dir, {
      cfg: "[defaults]\nyaml_valid_extensions = .conf, .yml\n",
      env: { ANSIBLE_YAML_FILENAME_EXT: ".conf,.yml" },
    }, args);
    // The yaml plugin's own variable: sources only, vars files keep the defaults.
    await sameUnder(dir, {
      cfg: "[inventory_plugin_yaml]\nyaml_valid_extensions = .conf\n",
      env: { ANSIBLE_INVENTORY_PLUGIN_EXTS: ".conf" },
    }, args);
  },
);

// ---------------------------------------------------------------------------
// Where the configuration comes from

differential(
  "a world-writable current directory's ansible.cfg is ignored, with the warning",
  async () => {
    const dir = mergeFixture();
    const open = join(dir, "open");
    await Deno.mkdir(open);
    await Deno.chmod(open, 0o777);
    await Deno.writeTextFile(join(open, "ansible.cfg"), "[defaults]\nhash_behaviour = merge\n");
    const args = ["-i", join(dir, "inv", "hosts.yml"), "--host", "h1"];
    const [theirs, ours] = await Promise.all([
      ansibleInventory(args, open),
      haInventory([...args, "--no-facts"], open),
    ]);
    assert.equal(ours.stdout.trimEnd(), theirs.stdout.trimEnd());
    assert.deepEqual(warnings(ours.stderr), warnings(theirs.stderr));
    assert.equal(warnings(ours.stderr).length, 1);
    // Named by ANSIBLE_CONFIG, the same file is used.
    const env = { ANSIBLE_CONFIG: join(open, "ansible.cfg") };
    const [theirs2, ours2] = await Promise.all([
      ansibleInventory(args, open, env),
      haInventory([...args, "--no-facts"], open, env),
    ]);
    assert.equal(ours2.stdout.trimEnd(), theirs2.stdout.trimEnd());
    assert.notEqual(ours2.stdout, ours.stdout);
    assert.deepEqual(warnings(ours2.stderr), []);
  },
);

// ---------------------------------------------------------------------------
// Kubespray's own ansible.cfg

/** The inventory-related settings of Kubespray's ansible.cfg (fact cache in `cache`). */
function kubesprayCfg(cache: string): string {
  return [
    "[ssh_connection]",
    "pipelining=True",
    "#control_path = ~/.ssh/ansible-%%r@%%h:%%p",
    "[defaults]",
    "# https://github.com/ansible/ansible/issues/56930 (to ignore group names with - and .)",
    "force_valid_group_names = ignore",
    "",
    "host_key_checking=False",
    "gathering = smart",
    "fact_caching = jsonfile",
    `fact_caching_connection = ${cache}`,
    "fact_caching_timeout = 86400",
    "stdout_callback = default",
    "display_skipped_hosts = no",
    "library = ./library",
    "deprecation_warnings=False",
    "inventory_ignore_extensions = ~, .orig, .bak, .ini, .cfg, .retry, .pyc, .pyo, .creds, .gpg",
    "[inventory]",
    "ignore_patterns = artifacts, credentials",
    "",
  ].join("\n");
}

differential("Kubespray's ansible.cfg: group names, ignored files, fact cache", async () => {
  const dir = emptyDir();
  writeTree(dir, {
    "inventory/mycluster/hosts.yaml": [
      "all:",
      "  hosts:",
      "    node1: {ansible_host: 10.0.0.1, ip: 10.0.0.1, access_ip: 10.0.0.1}",
      "    node2: {ansible_host: 10.0.0.2, ip: 10.0.0.2}",
      "  children:",
      "    kube-master:",
      "      hosts:",
      "        node1:",
      "    kube-node:",
      "      hosts:",
      "        node1:",
      "        node2:",
      "    etcd:",
      "      hosts:",
      "        node1:",
      "    k8s-cluster:",
      "      children:",
      "        kube-master:",
      "        kube-node:",
      "    calico-rr:",
      "      hosts: {}",
      "",
    ].join("\n"),
    "inventory/mycluster/group_vars/all/all.yml": "etcd_data_dir: /var/lib/etcd\n",
    "inventory/mycluster/group_vars/k8s-cluster/k8s-cluster.yml": "kube_version: v1.28.2\n",
    "inventory/mycluster/artifacts/admin.conf": "apiVersion: v1\nclusters: []\n",
    "inventory/mycluster/credentials/kubeadm_certificate_key.creds": "0123abcd\n",
    "inventory/mycluster/passwords.creds": "secret\n",
    "inventory/mycluster/hosts.ini.bak": "[old]\nold\n",
  });
  const inv = join(dir, "inventory", "mycluster");
  const cache = join(dir, "cache");
  await Deno.mkdir(cache);
  const env = {
    ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: "ignore",
    ANSIBLE_CACHE_PLUGIN: "jsonfile",
    ANSIBLE_CACHE_PLUGIN_CONNECTION: cache,
    ANSIBLE_CACHE_PLUGIN_TIMEOUT: "86400",
    ANSIBLE_INVENTORY_IGNORE: "~, .orig, .bak, .ini, .cfg, .retry, .pyc, .pyo, .creds, .gpg",
    ANSIBLE_INVENTORY_IGNORE_REGEX: "artifacts, credentials",
  };
  await sameUnder(
    dir,
    { cfg: kubesprayCfg(cache), env },
    [["-i", inv, "--list"], ["-i", inv, "--graph"]],
    { warning: /Invalid characters were found in group names/ },
  );
  // `ha-inventory config` shows what `ansible-config dump --only-changed` shows for these.
  const cwd = join(dir, "cfg-cwd");
  const [theirs, ours] = await Promise.all([
    spawn("ansible-config", ["dump", "--only-changed"], cwd, {}),
    haInventory(["config"], cwd),
  ]);
  assert.equal(ours.code, 0, ours.stderr);
  const mine = ours.stdout.trimEnd().split("\n").map((line) =>
    line.replace(/(\.cfg):\d+\)/, "$1)")
  );
  const dumped = theirs.stdout.trimEnd().split("\n").filter((line) =>
    /^(CACHE_PLUGIN|CONFIG_FILE|INVENTORY_IGNORE|TRANSFORM_INVALID)/.test(line)
  );
  assert.deepEqual(mine, dumped);
});

// ---------------------------------------------------------------------------
// The fact cache

/** Gathers node3's facts with real Ansible into a jsonfile cache; returns its address. */
async function gatherInto(dir: string, cfg: string): Promise<string> {
  writeTree(dir, {
    "gather/ansible.cfg": cfg,
    "gather/hosts": "node3 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
  });
  const gathered = await spawn(
    "ansible",
    ["node3", "-i", "hosts", "-m", "ansible.builtin.setup", "-a", "gather_subset=!all,network"],
    join(dir, "gather"),
    {},
  );
  assert.equal(gathered.code, 0, gathered.stdout + gathered.stderr);
  const facts = JSON.parse(await Deno.readTextFile(join(dir, "cache", "node3")));
  const address = facts.ansible_default_ipv4?.address;
  assert.equal(typeof address, "string", "the machine needs a default IPv4 route for this test");
  return address;
}

const CLUSTER = [
  "[kube-master]",
  "node1 ip=10.0.0.1",
  "[etcd]",
  "node1",
  "node3",
  "[kube-node]",
  "node3",
  "[k8s-cluster:children]",
  "kube-master",
  "kube-node",
  "",
].join("\n");

differential(
  "a jsonfile fact cache filled by Ansible makes node3's endpoints concrete",
  async () => {
    const dir = emptyDir();
    const cfg = "[defaults]\nfact_caching = jsonfile\nfact_caching_connection = ../cache\n" +
      "fact_caching_timeout = 600\n";
    const address = await gatherInto(dir, cfg);
    writeTree(dir, { "run/ansible.cfg": cfg, "run/hosts.ini": CLUSTER });
    const run = join(dir, "run");
    const facts = async (env: Record<string, string> = {}, extra: string[] = []) => {
      const out = await haInventory(
        ["-i", "hosts.ini", "--host", "node3", "--facts-only", ...extra],
        run,
        env,
      );
      assert.equal(out.code, 0, out.stderr);
      return JSON.parse(out.stdout) as Record<string, unknown>;
    };
    const concrete = await facts();
    assert.equal(concrete.etcd_address, address);
    assert.equal(concrete.etcd_client_url, `https://${address}:2379`);
    assert.equal(concrete.kube_apiserver_address, address);
    assert.equal(concrete.etcd_access_addresses, `https://10.0.0.1:2379,https://${address}:2379`);
    // The cached facts feed the facts, they are not printed as the host's variables.
    const all = await haInventory(["-i", "hosts.ini", "--host", "node3"], run);
    assert.equal(JSON.parse(all.stdout).ansible_default_ipv4, undefined);
    // The same from the ANSIBLE_* variables, in a folder without ansible.cfg.
    const viaEnv = await haInventory(
      ["-i", join(run, "hosts.ini"), "--host", "node3", "--facts-only"],
      emptyDir(),
      { ANSIBLE_CACHE_PLUGIN: "jsonfile", ANSIBLE_CACHE_PLUGIN_CONNECTION: join(dir, "cache") },
    );
    assert.equal(JSON.parse(viaEnv.stdout).etcd_address, address);
    // --no-fact-cache: deferred to Ansible again.
    const off = await facts({}, ["--no-fact-cache"]);
    assert.equal(off.etcd_address, "{{ ansible_default_ipv4.address }}");
    // Ansible itself sees the cached facts (wrapped as unsafe) while the entry is fresh.
    const theirs = await ansibleInventory(["-i", "hosts.ini", "--host", "node3"], run);
    assert.deepEqual(JSON.parse(theirs.stdout).ansible_default_ipv4.address, {
      __ansible_unsafe: address,
    });
  },
);

differential("an expired fact cache entry is ignored, as Ansible ignores it", async () => {
  const dir = emptyDir();
  const cfg = "[defaults]\nfact_caching = jsonfile\nfact_caching_connection = ../cache\n" +
    "fact_caching_timeout = 60\n";
  await gatherInto(dir, cfg);
  writeTree(dir, { "run/ansible.cfg": cfg, "run/hosts.ini": CLUSTER });
  const run = join(dir, "run");
  const old = new Date(Date.now() - 3600_000);
  await Deno.utime(join(dir, "cache", "node3"), old, old);
  const ours = await haInventory(["-i", "hosts.ini", "--host", "node3", "--facts-only"], run);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(JSON.parse(ours.stdout).etcd_address, "{{ ansible_default_ipv4.address }}");
  const theirs = await ansibleInventory(["-i", "hosts.ini", "--host", "node3"], run);
  assert.equal(JSON.parse(theirs.stdout).ansible_default_ipv4, undefined);
  // A timeout of 0 never expires.
  const never = await haInventory(
    ["-i", "hosts.ini", "--host", "node3", "--facts-only"],
    run,
    { ANSIBLE_CACHE_PLUGIN_TIMEOUT: "0" },
  );
  assert.notEqual(JSON.parse(never.stdout).etcd_address, "{{ ansible_default_ipv4.address }}");
});
