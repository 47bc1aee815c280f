/**
 * Every class of bad input ha-inventory must handle, run through the real command, and
 * the table of what it prints (`docs/errors.md`, linked from the README).
 * `tests/errors_test.ts` checks each case and that the table is up to date.
 *
 * Run `deno run -A scripts/error_table.ts` to rewrite `docs/errors.md`.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { internalError, runAsync, type RunResult } from "../src/cli/main.ts";
import { shippedRun } from "./permissions.ts";

/** The repository root. */
export const ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where the table is written. */
export const TABLE_FILE: string = join(ROOT, "docs", "errors.md");

/** A file to create for a case. */
export type CaseFile =
  | string
  | Uint8Array
  | { readonly symlink: string }
  | { readonly dir: true; readonly mode?: number }
  | { readonly text: string; readonly mode: number }
  | { readonly fifo: true };

/** One class of bad input. */
export interface ErrorCase {
  /** The class, as the table names it. */
  readonly name: string;
  /** Files below a fresh directory, by relative path. */
  readonly files: Readonly<Record<string, CaseFile>>;
  /**
   * Arguments; `@/` stands for the fresh directory. `--no-facts` and `--playbook-dir`
   * (an empty directory) are added unless `raw` is set.
   */
  readonly args: readonly string[];
  /** Pass `args` exactly. */
  readonly raw?: boolean;
  /** Environment for a subprocess run (`@/` replaced as in `args`). */
  readonly env?: Readonly<Record<string, string>>;
  /** The exit status required. */
  readonly code: 0 | 1 | 2 | 70;
  /** What stderr must say (after `@/` is taken out of it). */
  readonly stderr: RegExp;
  /** What stdout must contain, when the run succeeds. */
  readonly stdout?: RegExp;
  /**
   * How to run: in this process (default), as `deno run` with the shipped permissions
   * (`subprocess`), or so with file permission checks in force even for root
   * (`unprivileged`: root's DAC override capabilities dropped with `setpriv`).
   */
  readonly mode?: "in-process" | "subprocess" | "unprivileged";
  /** Produce the result without running the command (for the internal-error row). */
  readonly result?: () => RunResult;
}

/** Ansible Vault 1.1 of `a: 1\nb: hello\n` with the password `secret` (ansible-vault 2.14.18). */
export const VAULT_TEXT = `$ANSIBLE_VAULT;1.1;AES256
33396631303039616166383566656335663139393931316538326532336637356236356435646566
3663666437326436653538623539346434633533383835660a653666616366373838346463356461
65316132353730306166393139306463316563613734326330343134613031626234316538643432
3939383265323437360a623637643164653866363230666663326566613163663734333233333061
3964
`;

const PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const LATIN1 = new Uint8Array([
  ...new TextEncoder().encode("[web]\nh"),
  0xe9,
  ...new TextEncoder().encode("llo\n"),
]);
const MEGABYTE = "x".repeat(1 << 20);
const INI = "[web]\nweb1\n";

/** All cases, in table order. */
export const ERROR_CASES: readonly ErrorCase[] = [
  // Files and folders.
  {
    name: "Inventory file does not exist",
    files: {},
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini: Cannot read inventory source: No such file or directory/,
  },
  {
    name: "Inventory folder does not exist",
    files: {},
    args: ["-i", "@/inventory/", "--list"],
    code: 1,
    stderr: /inventory\/: Cannot read inventory source: No such file or directory/,
  },
  {
    name: "HA_INVENTORY names a missing file",
    files: {},
    args: ["--list"],
    env: { HA_INVENTORY: "@/gone.ini" },
    mode: "subprocess",
    code: 1,
    stderr: /gone\.ini: Cannot read inventory source: No such file or directory/,
  },
  {
    name: "Inventory file not readable (permission denied)",
    files: { "hosts.ini": { text: INI, mode: 0o000 } },
    args: ["-i", "@/hosts.ini", "--list"],
    mode: "unprivileged",
    code: 1,
    stderr: /hosts\.ini: Cannot read inventory source: Permission denied/,
  },
  {
    name: "Inventory folder not readable (permission denied)",
    files: { "inventory": { dir: true, mode: 0o000 } },
    args: ["-i", "@/inventory", "--list"],
    mode: "unprivileged",
    code: 1,
    stderr: /inventory: Cannot list directory: Permission denied/,
  },
  {
    name: "group_vars folder not readable (permission denied)",
    files: { "hosts.ini": INI, "group_vars": { dir: true, mode: 0o000 } },
    args: ["-i", "@/hosts.ini", "--list"],
    mode: "unprivileged",
    code: 1,
    stderr: /group_vars: Cannot list the vars directory: Permission denied/,
  },
  {
    name: "Vars file not readable (permission denied)",
    files: { "hosts.ini": INI, "group_vars/web.yml": { text: "a: 1\n", mode: 0o000 } },
    args: ["-i", "@/hosts.ini", "--list"],
    mode: "unprivileged",
    code: 1,
    stderr: /group_vars\/web\.yml: Permission denied/,
  },
  {
    name: "A folder where a file is expected (--output)",
    files: { "hosts.ini": INI, "out.json": { dir: true } },
    args: ["-i", "@/hosts.ini", "--list", "--output", "@/out.json"],
    code: 1,
    stderr: /out\.json: Unable to write to destination file: Is a directory, expected a file/,
  },
  {
    name: "A folder where a file is expected (--vault-password-file)",
    files: { "hosts.ini": INI, "pw": { dir: true } },
    args: ["-i", "@/hosts.ini", "--list", "--vault-password-file", "@/pw"],
    code: 1,
    stderr: /pw: The vault password file is a directory, expected a file/,
  },
  {
    name: "--output in a folder that does not exist",
    files: { "hosts.ini": INI },
    args: ["-i", "@/hosts.ini", "--list", "--output", "@/missing/out.json"],
    code: 1,
    stderr: /missing\/out\.json: Unable to write to destination file: No such file or directory/,
  },
  {
    name: "A device as inventory (`-i /dev/null`)",
    files: {},
    args: ["-i", "/dev/null", "--list"],
    code: 1,
    stderr: /\/dev\/null: Inventory source is not a regular file/,
  },
  {
    name: "A FIFO as vars file",
    files: { "hosts.ini": INI, "group_vars/web": { fifo: true } },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /group_vars\/web: Vars file is not a regular file/,
  },
  // Encodings and line endings.
  {
    name: "Binary file (an image) as inventory",
    files: { "hosts": PNG },
    args: ["-i", "@/hosts", "--list"],
    code: 1,
    stderr: /hosts:1:1: File is not valid UTF-8 text \(byte 0x89\)/,
  },
  {
    name: "A program (ELF) as inventory",
    files: { "hosts": ELF },
    args: ["-i", "@/hosts", "--list"],
    code: 1,
    stderr: /hosts: The file is a program \(an ELF executable\).*never runs code/,
  },
  {
    name: "Inventory script (`#!`)",
    files: { "hosts": "#!/bin/sh\necho '{}'\n" },
    args: ["-i", "@/hosts", "--list"],
    code: 1,
    stderr: /hosts: The file is an inventory script \(it starts with #!\).*never runs code/,
  },
  {
    name: "Text that is not UTF-8 (Latin-1)",
    files: { "hosts.ini": LATIN1 },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:2: File is not valid UTF-8 text \(byte 0xe9\)/,
  },
  {
    name: "Vars file that is not UTF-8",
    files: {
      "hosts.ini": INI,
      "group_vars/web.yml": new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]),
    },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /group_vars\/web\.yml:1:4: File is not valid UTF-8 text \(byte 0xff\)/,
  },
  {
    name: "UTF-8 byte order mark in an INI file",
    files: { "hosts.ini": "\ufeff" + INI },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:1:1: File starts with a UTF-8 byte order mark/,
  },
  {
    name: "UTF-8 byte order mark in a YAML file (fine, as in Ansible)",
    files: { "hosts.yml": "\ufeffall:\n  hosts:\n    web1:\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"web1"/,
  },
  {
    name: "CRLF line endings (fine)",
    files: { "hosts.ini": "[web]\r\nweb1 a=1\r\n", "group_vars/web.yml": "b: 2\r\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"a": 1,\n\s+"b": 2/,
  },
  {
    name: "Mixed line endings (fine)",
    files: { "hosts.ini": "[web]\r\nweb1\nweb2\r[db]\ndb1\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"web2"/,
  },
  {
    name: "Tabs in INI (fine: they separate like spaces)",
    files: { "hosts.ini": "[web]\nweb1\ta=1\tb=2\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"b": 2/,
  },
  {
    name: "Tabs indenting YAML",
    files: { "hosts.yml": "all:\n\thosts:\n    web1:\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:2:1: YAML syntax error: tab characters must not be used in indentation/,
  },
  // Empty and truncated files.
  {
    name: "Empty INI file (an empty inventory)",
    files: { "hosts.ini": "" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"ungrouped"/,
  },
  {
    name: "Empty YAML file (read as empty INI, as Ansible does)",
    files: { "hosts.yml": "" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"ungrouped"/,
  },
  {
    name: "Empty vars file (ignored)",
    files: { "hosts.ini": INI, "group_vars/web.yml": "" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
  },
  {
    name: "Truncated YAML (unclosed bracket)",
    files: { "hosts.yml": "all:\n  hosts:\n    web1: {a: [1, 2\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr:
      /hosts\.yml:4:1: YAML syntax error: unexpected end of the stream within a flow collection/,
  },
  {
    name: "Truncated YAML (unclosed quote)",
    files: { "hosts.yml": 'all:\n  vars:\n    a: "abc\n' },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr:
      /hosts\.yml:4:1: YAML syntax error: unexpected end of the stream within a double quoted scalar/,
  },
  // YAML structure.
  {
    name: "Duplicate YAML keys (warning, last wins, as Ansible)",
    files: { "hosts.yml": "all:\n  hosts:\n    web1:\n      a: 1\n      a: 2\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr:
      /\[WARNING\]: While constructing a mapping from hosts\.yml, line 4, column 7, found a duplicate dict key \(a\)\. Using last defined value only\./,
    stdout: /"a": 2/,
  },
  {
    name: "YAML inventory that is a list",
    files: { "hosts.yml": "- web1\n- web2\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:1:1: YAML inventory has invalid structure, it should be a dictionary/,
  },
  {
    name: "YAML inventory that is one word (an INI host to Ansible too)",
    files: { "hosts.yml": "web1\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"ungrouped": \{\n\s+"hosts": \[\n\s+"web1"/,
  },
  {
    name: "Unknown YAML tag",
    files: { "hosts.yml": "all:\n  vars:\n    a: !foo bar\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:3:8: Could not determine a constructor for the tag '!foo'/,
  },
  {
    name: "A set (`!!set`), which Ansible cannot print",
    files: { "hosts.yml": "all:\n  vars:\n    a: !!set {x}\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /Object of type set is not JSON serializable/,
  },
  {
    name: "A non-string dict key, with `--toml` (Ansible cannot print it)",
    files: { "hosts.yml": "all:\n  hosts:\n    web1:\n      ports: {80: http}\n" },
    args: ["-i", "@/hosts.yml", "--list", "--toml"],
    code: 1,
    stderr: /non-string key \(80\) which cannot be represented in TOML/,
  },
  {
    name: "A list mixing tables and other values, with `--toml`",
    files: { "hosts.yml": "all:\n  hosts:\n    web1:\n      l: [{a: 1}, 2]\n" },
    args: ["-i", "@/hosts.yml", "--host", "web1", "--toml"],
    code: 1,
    stderr: /cannot be represented in TOML: 'int' object is not iterable \(TOML key l of host/,
  },
  {
    name: "A host with nothing to print as TOML (only null variables)",
    files: { "hosts.ini": "[web]\nweb1 a=None\n" },
    args: ["-i", "@/hosts.ini", "--host", "web1", "--toml"],
    code: 1,
    stderr: /Host "web1" has no variables to print as TOML/,
  },
  {
    name: "`hosts:` that is a list",
    files: { "hosts.yml": "all:\n  hosts: [web1, web2]\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:2:3: Invalid "hosts" entry for "all" group, requires a dictionary/,
  },
  {
    name: "Host variables that are not a mapping",
    files: { "hosts.yml": "all:\n  hosts:\n    web1: [1]\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:3:5: Invalid data from file, expected dictionary and got: {2}\[1\]/,
  },
  {
    name: "A number as host name in YAML",
    files: { "hosts.yml": "all:\n  hosts:\n    10:\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:3:5: Host pattern 10 must be a string/,
  },
  {
    name: "YAML nested too deeply",
    files: { "hosts.yml": "all:\n  vars:\n    a: " + "[".repeat(5000) + "]".repeat(5000) + "\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:3:\d+: YAML is nested too deeply to load/,
  },
  {
    name: "An inventory plugin configuration",
    files: { "hosts.yml": "plugin: aws_ec2\nregions: [eu-west-1]\n" },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:1:1: Plugin configuration YAML file, not YAML inventory/,
  },
  // Groups and hosts.
  {
    name: "A group named like a host",
    files: { "hosts.ini": "[web]\nweb\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /\[WARNING\]: Found both group and host with same name: web/,
  },
  {
    name: "A host named like a group",
    files: {
      "hosts.yml": "all:\n  hosts:\n    db:\n  children:\n    db:\n      hosts:\n        db1:\n",
    },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr: /\[WARNING\]: Found both group and host with same name: db/,
  },
  {
    name: "A group that is its own ancestor (INI `:children`)",
    files: { "hosts.ini": "[a:children]\nb\n[b:children]\nc\n[c:children]\na\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:6:1: Adding group 'a' as child to 'c' creates a recursive dependency loop/,
  },
  {
    name: "A group that is its own ancestor (YAML `children`)",
    files: {
      "hosts.yml":
        "all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a:\n",
    },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 1,
    stderr: /hosts\.yml:5:9: Adding group 'b' as child to 'a' creates a recursive dependency loop/,
  },
  {
    name: "A group that is its own child",
    files: { "hosts.ini": "[a:children]\na\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:1: can't add group to itself/,
  },
  {
    name: "`:children` naming a group that does not exist",
    files: { "hosts.ini": "[a:children]\nmissing\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:1: Section \[a:children\] includes undefined group: missing/,
  },
  {
    name: "Unknown INI section type",
    files: { "hosts.ini": "[web:hostz]\nweb1\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:1:1: Section \[web:hostz\] has unknown type: hostz/,
  },
  {
    name: "`ansible_group_priority` that is not a number",
    files: { "hosts.ini": "[web:vars]\nansible_group_priority=high\n[web]\nweb1\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:1: invalid literal for int\(\) with base 10: 'high'/,
  },
  // Host ranges.
  {
    name: "Host range with a letter and a number (`[a:1]`)",
    files: { "hosts.ini": "[web]\nweb[a:1]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /hosts\.ini:2:1: Cannot expand host pattern 'web\[a:1\]': invalid literal for int\(\) with base 10: 'a'/,
  },
  {
    name: "Host range running backwards (`[3:1]`: no hosts, as in Ansible)",
    files: { "hosts.ini": "[web]\nweb[3:1]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /\[WARNING\]: hosts\.ini:2:1: host pattern 'web\[3:1\]' expands to no hosts/,
  },
  {
    name: "Host range with step 0",
    files: { "hosts.ini": "[web]\nweb[1:3:0]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /hosts\.ini:2:1: Cannot expand host pattern 'web\[1:3:0\]': range\(\) arg 3 must not be zero/,
  },
  {
    name: "Host range with unequal zero padding",
    files: { "hosts.ini": "[web]\nweb[01:100]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:1: .*host range must specify equal-length begin and end formats/,
  },
  {
    name: "Host range with a huge bound",
    files: { "hosts.ini": "[web]\nweb[1:99999999999999999999]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /hosts\.ini:2:1: .*host range expands to more than 1000000 hosts; raise the limit with --max-range-hosts/,
  },
  {
    name: "Host ranges that multiply to millions (`[1:2000][1:2000]`)",
    files: { "hosts.ini": "[web]\nweb[1:2000]-[1:2000]\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /hosts\.ini:2:1: .*host range expands to more than 1000000 hosts/,
  },
  {
    name: "Host range over a lowered limit (`--max-range-hosts 100`)",
    files: { "hosts.ini": "[web]\nweb[1:101]\n" },
    args: ["-i", "@/hosts.ini", "--list", "--max-range-hosts", "100"],
    code: 1,
    stderr: /hosts\.ini:2:1: .*host range expands to more than 100 hosts/,
  },
  // Size.
  {
    name: "Very long line (a 1 MB value: fine)",
    files: { "hosts.ini": `[web]\nweb1 big=${MEGABYTE}\n` },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"big": "xxxx/,
  },
  {
    name: "Very long bad line (message shortened)",
    files: { "hosts.ini": `[web:vars]\n${MEGABYTE}\n` },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /hosts\.ini:2:1: Expected key=value, got: x+ \.\.\.\(\d+ characters left out\)\.\.\. x+$/m,
  },
  // Vars files.
  {
    name: "Vars file that is a list",
    files: { "hosts.ini": INI, "group_vars/web.yml": "# web servers\n- a\n- b\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /group_vars\/web\.yml:2:1: Vars file must hold a mapping of variable names to values, got a list/,
  },
  {
    name: "Vars file that is a single value",
    files: { "hosts.ini": INI, "host_vars/web1.yml": "just text\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /host_vars\/web1\.yml:1:1: Vars file must hold a mapping of variable names to values, got a single value/,
  },
  {
    name: "Invalid JSON vars file",
    files: { "hosts.ini": INI, "group_vars/web.json": '{\n  "a": [1, 2,\n}\n' },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr: /group_vars\/web\.json:3:1: Expecting value/,
  },
  {
    name: "Invalid YAML vars file",
    files: { "hosts.ini": INI, "group_vars/all.yml": "a: [1\nb: 2\n" },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /group_vars\/all\.yml:2:1: YAML syntax error: missed comma between flow collection entries/,
  },
  {
    name: "Symbolic link loop in group_vars (a folder linking to itself)",
    files: {
      "hosts.ini": INI,
      "group_vars/web/a.yml": "a: 1\n",
      "group_vars/web/again": { symlink: "." },
    },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /group_vars\/web\/again: Symbolic link loop: this directory leads back to group_vars\/web/,
  },
  {
    name: "Symbolic link loop in group_vars (links pointing at each other)",
    files: {
      "hosts.ini": INI,
      "group_vars/web.yml": { symlink: "all.yml" },
      "group_vars/all.yml": { symlink: "web.yml" },
    },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 1,
    stderr:
      /group_vars\/all\.yml: Symbolic link loop: this link leads \(through others\) back to itself/,
  },
  {
    name: "group_vars link to a folder elsewhere (followed, as Ansible does)",
    files: { "hosts.ini": INI, "shared/web.yml": "a: 1\n", "group_vars": { symlink: "shared" } },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"a": 1/,
  },
  // Vault.
  {
    name: "Inline `!vault` value (printed as Ansible prints it)",
    files: {
      "hosts.yml":
        "all:\n  hosts:\n    web1:\n  vars:\n    secret: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6231\n",
    },
    args: ["-i", "@/hosts.yml", "--list"],
    code: 0,
    stderr: /^$/,
    stdout: /"__ansible_vault": "\$ANSIBLE_VAULT;1\.1;AES256\\n6231\\n"/,
  },
  {
    name: "Inline `!vault` value with `--toml`, no password",
    files: {
      "hosts.yml":
        "all:\n  hosts:\n    web1:\n  vars:\n    secret: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6231\n",
    },
    args: ["-i", "@/hosts.yml", "--list", "--toml", "--export"],
    code: 1,
    stderr:
      /Attempting to decrypt but no vault secrets found: the value at TOML key all\.vars\.secret/,
  },
  {
    name: "Vault-encrypted vars file, no password (skipped)",
    files: { "hosts.ini": INI, "group_vars/web.yml": VAULT_TEXT },
    args: ["-i", "@/hosts.ini", "--list"],
    code: 0,
    stderr:
      /\[WARNING\]: Skipping vault-encrypted vars file group_vars\/web\.yml: no vault password was given, so its values are not used \(facts included\)/,
  },
  {
    name: "Vault-encrypted vars file with --vault-password-file (decrypted)",
    files: { "hosts.ini": INI, "group_vars/web.yml": VAULT_TEXT, "pw": "secret\n" },
    args: ["-i", "@/hosts.ini", "--list", "--vault-password-file", "@/pw"],
    code: 0,
    stderr: /^$/,
    stdout: /"b": "hello"/,
  },
  {
    name: "Vault-encrypted vars file, wrong password",
    files: { "hosts.ini": INI, "group_vars/web.yml": VAULT_TEXT, "pw": "not it\n" },
    args: ["-i", "@/hosts.ini", "--list", "--vault-password-file", "@/pw"],
    code: 1,
    stderr:
      /group_vars\/web\.yml: Decryption failed \(no vault secrets were found that could decrypt\)/,
  },
  {
    name: "Vault-encrypted inventory, no password",
    files: { "hosts": VAULT_TEXT },
    args: ["-i", "@/hosts", "--list"],
    code: 1,
    stderr:
      /hosts: The inventory file is vault-encrypted; give its password with --vault-password-file/,
  },
  {
    name: "Executable vault password file (Ansible would run it)",
    files: { "hosts.ini": INI, "pw.sh": { text: "#!/bin/sh\necho secret\n", mode: 0o755 } },
    args: ["-i", "@/hosts.ini", "--list", "--vault-password-file", "@/pw.sh"],
    code: 1,
    stderr: /pw\.sh: The vault password file is executable; .*never runs programs/,
  },
  // Usage and bugs.
  {
    name: "Unknown option",
    files: {},
    args: ["--lst"],
    raw: true,
    code: 2,
    stderr: /ha-inventory: Unknown option --lst/,
  },
  {
    name: "A bug in ha-inventory (internal error)",
    files: {},
    args: [],
    code: 70,
    stderr: /ha-inventory: internal error \(TypeError: example\)\.\nThis is a bug in ha-inventory/,
    result: () => internalError(new TypeError("example")),
  },
];

/** What a case printed, with the case's directory taken out of the text. */
export interface CaseOutcome extends RunResult {
  /** Why the case was not run, when it could not be here. */
  readonly skipped?: string;
}

let privileged: boolean | undefined;

/**
 * Whether this process reads files whatever their mode (root, or the DAC override
 * capability): found by trying, as `Deno.uid()` needs `--allow-sys`.
 */
function isRoot(): boolean {
  if (privileged === undefined) {
    const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-mode-" });
    const file = join(dir, "locked");
    Deno.writeTextFileSync(file, "x");
    Deno.chmodSync(file, 0o000);
    try {
      Deno.readFileSync(file);
      privileged = true;
    } catch {
      privileged = false;
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  }
  return privileged;
}

function have(program: string): boolean {
  try {
    return new Deno.Command(program, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** Why a case cannot run on this machine, if it cannot. */
export function cannotRun(c: ErrorCase): string | undefined {
  if (c.mode === "unprivileged" && isRoot() && !have("setpriv")) {
    return "running as root without setpriv: root reads files whatever their mode";
  }
  if (Object.values(c.files).some((f) => typeof f === "object" && "fifo" in f) && !have("mkfifo")) {
    return "mkfifo is not installed";
  }
  return undefined;
}

function writeFiles(dir: string, files: ErrorCase["files"]): () => void {
  const restore: string[] = [];
  for (const [rel, file] of Object.entries(files)) {
    const path = join(dir, rel);
    Deno.mkdirSync(dirname(path), { recursive: true });
    if (typeof file === "string") Deno.writeTextFileSync(path, file);
    else if (file instanceof Uint8Array) Deno.writeFileSync(path, file);
    else if ("symlink" in file) Deno.symlinkSync(file.symlink, path);
    else if ("fifo" in file) {
      new Deno.Command("mkfifo", { args: [path] }).outputSync();
    } else if ("dir" in file) {
      Deno.mkdirSync(path, { recursive: true });
      if (file.mode !== undefined) {
        Deno.chmodSync(path, file.mode);
        restore.push(path);
      }
    } else {
      Deno.writeTextFileSync(path, file.text);
      Deno.chmodSync(path, file.mode);
      restore.push(path);
    }
  }
  // So that the directory can be removed afterwards.
  return () => restore.forEach((path) => Deno.chmodSync(path, 0o755));
}

const DENO = Deno.execPath();

/** Deno's cache, which a subprocess with another HOME must still find. */
function denoDir(): string {
  const home = Deno.env.get("HOME") ?? "/root";
  return Deno.env.get("DENO_DIR") ?? join(home, ".cache", "deno");
}

function subprocess(args: string[], env: Record<string, string>, unprivileged: boolean): RunResult {
  const denoArgs = shippedRun(args);
  // Root reads any file; without the DAC override capabilities it is held to the modes.
  const [program, programArgs] = unprivileged && isRoot()
    ? [
      "setpriv",
      [
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
        "--",
        DENO,
        ...denoArgs,
      ],
    ]
    : [DENO, denoArgs];
  const out = new Deno.Command(program, {
    args: programArgs,
    env: { NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/** Runs one case in a fresh directory. */
export async function runCase(c: ErrorCase): Promise<CaseOutcome> {
  if (c.result) return c.result();
  const why = cannotRun(c);
  if (why) return { code: -1, stdout: "", stderr: "", skipped: why };
  const dir = await Deno.makeTempDir({ prefix: "ha-inventory-errors-" });
  const playbookDir = await Deno.makeTempDir({ prefix: "ha-inventory-errors-pb-" });
  const restore = writeFiles(dir, c.files);
  try {
    const at = (text: string) => text.replaceAll("@/", dir + "/");
    const args = [
      ...c.args.map(at),
      ...(c.raw ? [] : ["--no-facts", "--playbook-dir", playbookDir]),
    ];
    const result = c.mode === "subprocess" || c.mode === "unprivileged"
      ? subprocess(
        args,
        {
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
          HOME: playbookDir,
          DENO_DIR: denoDir(),
          ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, at(v)])),
        },
        c.mode === "unprivileged",
      )
      : await runAsync(args);
    const real = await Deno.realPath(dir);
    const clean = (text: string) =>
      text.replaceAll(dir + "/", "").replaceAll(real + "/", "").replaceAll(dir, ".");
    return { code: result.code, stdout: result.stdout, stderr: clean(result.stderr) };
  } finally {
    restore();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(playbookDir, { recursive: true });
  }
}

/** The line of stderr the table shows: the error, else the first warning. */
export function headline(stderr: string): string {
  const lines = stderr.split("\n");
  return lines.find((l) => l.startsWith("ha-inventory: ")) ??
    lines.find((l) => l.startsWith("[WARNING]: ")) ?? "";
}

/** The Markdown table of all outcomes, in case order. */
export function renderTable(outcomes: readonly { c: ErrorCase; outcome: CaseOutcome }[]): string {
  const cell = (text: string) => {
    const short = text.length > 240 ? text.slice(0, 240) + "..." : text;
    return short.replaceAll("|", "\\|").replaceAll("`", "'");
  };
  const rows = outcomes.map(({ c, outcome }) => {
    const message = outcome.skipped
      ? "(not run here)"
      : headline(outcome.stderr) || "(none: the inventory is printed)";
    const code = outcome.skipped ? String(c.code) : String(outcome.code);
    return `| ${c.name.replaceAll("|", "\\|")} | \`${cell(message)}\` | ${code} |`;
  });
  return [
    "# Bad input: what ha-inventory says",
    "",
    "Generated by `deno run -A scripts/error_table.ts` from the cases in that script;",
    "`tests/errors_test.ts` runs every case and fails when this file is out of date.",
    "",
    "Every user mistake is reported as `file:line:column: what is wrong` on stderr (the",
    "offending line is shown under it, with a caret at the column), nothing is printed on",
    "stdout and the exit status is 1. Exit status 0 rows are inputs that are fine, or that",
    "Ansible accepts, sometimes with a warning. Exit status 2 is a usage mistake, 70 a bug",
    "(set `HA_INVENTORY_DEBUG=1` for its stack). Paths are shown relative to the inventory",
    "folder.",
    "",
    "| bad input class | message | exit status |",
    "| --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

/** Markdown as `deno fmt` leaves it (the repository's `deno fmt --check` covers docs/). */
export async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--config", join(ROOT, "deno.json"), "--ext=md", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/** Runs every case (one at a time: some change file modes) and renders the table. */
export async function errorTable(): Promise<string> {
  const outcomes = [];
  for (const c of ERROR_CASES) outcomes.push({ c, outcome: await runCase(c) });
  return await formatMarkdown(renderTable(outcomes));
}

if (import.meta.main) {
  const table = await errorTable();
  await Deno.mkdir(dirname(TABLE_FILE), { recursive: true });
  await Deno.writeTextFile(TABLE_FILE, table);
  console.log(`wrote ${TABLE_FILE}`);
}
