import assert from "node:assert/strict";
import { join } from "node:path";
import { InventoryError } from "../errors.ts";
import {
  findConfigFile,
  loadAnsibleConfig,
  resolvePath,
  unquote,
  worldWritableWarning,
} from "./ansible_cfg.ts";
import { renderConfigText } from "./report.ts";
import { DEFAULT_SETTINGS } from "./settings.ts";

function dir(files: Record<string, string> = {}, mode = 0o755): string {
  const path = Deno.makeTempDirSync({ prefix: "ha-inventory-cfg-" });
  Deno.chmodSync(path, mode);
  for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(join(path, name), text);
  return path;
}

function envOf(vars: Record<string, string>): (name: string) => string | undefined {
  return (name) => vars[name];
}

Deno.test("findConfigFile() looks at ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg in order", () => {
  const cwd = dir({ "ansible.cfg": "[defaults]\n" });
  const home = dir({ ".ansible.cfg": "[defaults]\n" });
  const other = dir({ "ansible.cfg": "[defaults]\n", "my.ini": "[defaults]\n" });
  const find = (vars: Record<string, string>, at = cwd) =>
    findConfigFile({ env: envOf({ HOME: home, ...vars }), cwd: at }).file;
  assert.equal(find({}), join(cwd, "ansible.cfg"));
  assert.equal(find({ ANSIBLE_CONFIG: join(other, "my.ini") }), join(other, "my.ini"));
  assert.equal(find({ ANSIBLE_CONFIG: other }), join(other, "ansible.cfg"), "a folder");
  assert.equal(find({ ANSIBLE_CONFIG: join(other, "missing.cfg") }), join(cwd, "ansible.cfg"));
  assert.equal(find({}, dir()), join(home, ".ansible.cfg"));
  assert.equal(findConfigFile({ env: envOf({}), cwd: dir() }).file, undefined);
});

Deno.test("findConfigFile() skips ./ansible.cfg in a world-writable directory, with Ansible's warning", () => {
  const open = dir({ "ansible.cfg": "[defaults]\n" }, 0o777);
  const found = findConfigFile({ env: envOf({}), cwd: open });
  assert.equal(found.file, undefined);
  assert.deepEqual(found.warnings, [worldWritableWarning(open)]);
  const named = findConfigFile({
    env: envOf({ ANSIBLE_CONFIG: join(open, "ansible.cfg") }),
    cwd: open,
  });
  assert.equal(named.file, join(open, "ansible.cfg"));
  assert.deepEqual(named.warnings, []);
});

Deno.test("findConfigFile() refuses a configuration file that is not .cfg or .ini", () => {
  const other = dir({ "ansible.conf": "[defaults]\n" });
  assert.throws(
    () =>
      findConfigFile({ env: envOf({ ANSIBLE_CONFIG: join(other, "ansible.conf") }), cwd: other }),
    /Unsupported configuration file extension for .*ansible\.conf: \.conf/,
  );
});

Deno.test("loadAnsibleConfig() without any configuration gives Ansible's defaults", () => {
  const config = loadAnsibleConfig({ env: envOf({}), cwd: dir() });
  assert.equal(config.file, undefined);
  assert.deepEqual(config.settings, DEFAULT_SETTINGS);
  assert.equal(renderConfigText(config), "CONFIG_FILE() = None");
});

const KUBESPRAY_LIKE = `[ssh_connection]
pipelining=True
[defaults]
force_valid_group_names = ignore
fact_caching = jsonfile
fact_caching_connection = cache
fact_caching_timeout = 86400
inventory_ignore_extensions = ~, .orig, .bak, .ini, .cfg, .retry, .pyc, .pyo, .creds, .gpg
[inventory]
ignore_patterns = artifacts, credentials
`;

Deno.test("loadAnsibleConfig() applies a file's settings and remembers file:line", () => {
  const cwd = dir({ "ansible.cfg": KUBESPRAY_LIKE });
  const config = loadAnsibleConfig({ env: envOf({}), cwd });
  const { settings } = config;
  assert.equal(settings.groupNames, "ignore");
  assert.deepEqual(settings.ignorePatterns, ["artifacts", "credentials"]);
  assert.deepEqual(settings.ignoreExtensions.slice(-2), [".creds", ".gpg"]);
  // Relative to the file's folder, as the jsonfile plugin's path option resolves it.
  assert.deepEqual(settings.factCache, { dir: join(cwd, "cache"), prefix: "", timeout: 86400 });
  const file = join(cwd, "ansible.cfg");
  assert.equal(
    renderConfigText(config),
    [
      `CACHE_PLUGIN(${file}:5) = jsonfile`,
      `CACHE_PLUGIN_CONNECTION(${file}:6) = ${join(cwd, "cache")}`,
      `CACHE_PLUGIN_TIMEOUT(${file}:7) = 86400`,
      `CONFIG_FILE() = ${file}`,
      `INVENTORY_IGNORE_EXTS(${file}:8) = ['~', '.orig', '.bak', '.ini', '.cfg', '.retry', '.pyc', '.pyo', '.creds', '.gpg']`,
      `INVENTORY_IGNORE_PATTERNS(${file}:10) = ['artifacts', 'credentials']`,
      `TRANSFORM_INVALID_GROUP_CHARS(${file}:4) = ignore`,
    ].join("\n"),
  );
});

Deno.test("loadAnsibleConfig() lets ANSIBLE_* win over the file, relative paths from the cwd", () => {
  const cwd = dir({ "ansible.cfg": KUBESPRAY_LIKE });
  const config = loadAnsibleConfig({
    env: envOf({
      ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: "always",
      ANSIBLE_CACHE_PLUGIN_CONNECTION: "elsewhere",
      ANSIBLE_CACHE_PLUGIN_TIMEOUT: "", // empty: the default, not an error
      ANSIBLE_INVENTORY_IGNORE_REGEX: "'quoted' , x",
    }),
    cwd,
  });
  assert.equal(config.settings.groupNames, "always");
  assert.equal(config.settings.factCache?.dir, join(cwd, "elsewhere"));
  assert.equal(config.settings.factCache?.timeout, 86400);
  assert.deepEqual(config.settings.ignorePatterns, ["quoted", "x"]);
  assert.match(
    renderConfigText(config),
    /^TRANSFORM_INVALID_GROUP_CHARS\(env: ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS\) = always$/m,
  );
});

Deno.test("loadAnsibleConfig() takes the last of several keys for one setting", () => {
  const cwd = dir({
    "ansible.cfg":
      "[defaults]\ninventory_ignore_extensions = .a\n[inventory]\nignore_extensions = .b\n",
  });
  assert.deepEqual(loadAnsibleConfig({ env: envOf({}), cwd }).settings.ignoreExtensions, [".b"]);
});

Deno.test("loadAnsibleConfig() refuses values Ansible refuses, naming where they are", () => {
  const bad = (text: string, vars: Record<string, string> = {}) => {
    try {
      loadAnsibleConfig({ env: envOf(vars), cwd: dir({ "ansible.cfg": text }) });
    } catch (error) {
      assert.ok(error instanceof InventoryError);
      return error;
    }
    assert.fail("no error");
  };
  const deep = bad("[defaults]\nhash_behaviour = deep\n");
  assert.match(
    deep.message,
    /Invalid value "deep" for configuration option "DEFAULT_HASH_BEHAVIOUR".*valid values are: replace, merge/,
  );
  assert.equal(deep.location?.line, 2);
  assert.match(
    bad("[defaults]\nfact_caching_timeout = 1h\n").message,
    /invalid literal for int\(\) with base 10: '1h'/,
  );
  assert.match(
    bad("[defaults]\n", { ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS: "yes" }).message,
    /from env: ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS/,
  );
  assert.match(
    bad("[defaults]\nfact_caching = jsonfile\n").message,
    /requires the 'fact_caching_connection'/,
  );
  assert.match(
    bad("[inventory]\nenable_plugins = script\n").message,
    /No inventory plugins available/,
  );
  assert.match(bad("[inventory]\nignore_patterns = (?i)x\n").message, /global flags/);
});

Deno.test("loadAnsibleConfig() warns about settings it cannot apply, naming them", () => {
  const config = loadAnsibleConfig({
    env: envOf({ ANSIBLE_VARS_ENABLED: "host_group_vars,community.general.foo" }),
    cwd: dir({
      "ansible.cfg":
        "[defaults]\nfact_caching = redis\n[inventory]\nenable_plugins = host_list, my.own.plugin, ini, constructed\n",
    }),
  });
  const warnings = config.settings.warnings.join("\n");
  assert.match(warnings, /ANSIBLE_VARS_ENABLED enables the vars plugin 'community\.general\.foo'/);
  assert.match(
    warnings,
    /\[inventory\] enable_plugins \(.*:4\) enables the inventory plugin 'my\.own\.plugin'/,
  );
  assert.match(warnings, /\[defaults\] fact_caching \(.*:2\) selects the fact cache 'redis'/);
  assert.doesNotMatch(warnings, /constructed/);
  assert.deepEqual(config.settings.inventoryPlugins, ["host_list", "ini"]);
});

Deno.test("loadAnsibleConfig() decides when group_vars/ and host_vars/ are read", () => {
  const stages = (vars: Record<string, string>) =>
    loadAnsibleConfig({ env: envOf(vars), cwd: dir() }).settings.hostGroupVars;
  assert.deepEqual(stages({}), { atParse: false, onDemand: true });
  assert.deepEqual(stages({ ANSIBLE_RUN_VARS_PLUGINS: "start" }), {
    atParse: true,
    onDemand: true,
  });
  assert.deepEqual(stages({ ANSIBLE_VARS_PLUGIN_STAGE: "inventory" }), {
    atParse: true,
    onDemand: false,
  });
  assert.deepEqual(stages({ ANSIBLE_VARS_PLUGIN_STAGE: "task" }), {
    atParse: false,
    onDemand: false,
  });
  assert.deepEqual(stages({ ANSIBLE_VARS_ENABLED: "" }), { atParse: false, onDemand: false });
});

Deno.test("unquote() and resolvePath() behave as Ansible's", () => {
  assert.equal(unquote("'a'"), "a");
  assert.equal(unquote('"a\\"'), '"a\\"');
  assert.equal(unquote("'a\""), "'a\"");
  const env = envOf({ HOME: "/home/u", X: "x" });
  assert.equal(resolvePath("~/c/$X/${X}/$NOPE/../d/", "/base", env, "/cwd"), "/home/u/c/x/x/d");
  assert.equal(resolvePath("rel", "/base", env, "/cwd"), "/base/rel");
  assert.equal(resolvePath("{{CWD}}/rel", "/base", env, "/cwd"), "/cwd/rel");
});
