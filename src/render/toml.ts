/**
 * TOML as `ansible-inventory --toml` 2.14 prints it: `toml.dumps(document,
 * encoder=AnsibleTomlEncoder())`, the encoder of the `toml` 0.10.2 library (Debian's
 * python3-toml) with Ansible's string and list types mapped onto `str` and `list`.
 *
 * That encoder has a style of its own, reproduced here exactly:
 *
 * - A table's plain values come first, as `key = value` lines in the dict's order (no
 *   sorting), then its arrays of tables (`[[a.b]]`); `None` values are left out.
 * - Subtables follow breadth first: every table one level down, then every table two
 *   levels down, ... A table gets a `[a.b]` header when it has plain values, or when it
 *   has nothing at all (`{}` and `{k: None}` both print a bare header); a table holding
 *   only subtables gets none. Headers after the first line are preceded by a blank line.
 * - Keys of letters, digits, `_` and `-` are written bare (as is such a key ending in one
 *   line break: Python's `$` matches before it); others are quoted like strings.
 * - Lists are `[ 1, "a",]`, `[]` when empty; a list holding a dict (not a tuple) is an
 *   array of tables. Inside a list, `None` is the string `"None"` and a dict is the list
 *   of its keys.
 * - Strings are Python's `repr()` turned into double quotes, then its `\x` escapes are
 *   rewritten by a loop that gets them wrong: `"a\x01"` prints as `"ax01"`, a lone
 *   backslash before an `x` becomes `\u00`, and doubled backslashes before an `\x` are
 *   halved. Strings print as that loop makes them, mistakes included.
 * - Floats are `repr()` with the exponent's leading zero dropped (`1e-5`, `1e+16`), `nan`
 *   and `inf` as such; booleans `true`/`false`; ints in full; dates `2001-12-14`,
 *   datetimes ISO 8601 with `T` and `Z` for `+00:00`.
 * - A `!vault` value prints as its decrypted text split into characters (the encoder
 *   iterates it): this needs the vault password, as it does in Ansible.
 *
 * Where Ansible fails, these functions throw {@linkcode UnserializableValueError}, with
 * Ansible's words and the key path of the value: a non-string dict key (`KeyError`), a list
 * mixing tables and other values (`TypeError`), a vault value without a password, and the
 * encoder's own crashes (`ValueError: Circular reference detected` when one dict is a table
 * at two depths through a YAML alias; `IndexError` on a string whose only `\x` escape
 * opens it; Python's 4300-digit limit on ints).
 *
 * @module
 */

import { InventoryError, UnserializableValueError } from "../errors.ts";
import type { Group } from "../inventory/model.ts";
import { pyTypeName } from "../values/json.ts";
import { floatRepr, intText, isTuple, pyRepr, pyStr, strRepr } from "../values/py_str.ts";
import {
  isDict,
  PyDate,
  type PyDict,
  PyFloat,
  type PyKey,
  type PyValue,
  Unsafe,
  Vault,
} from "../values/types.ts";
import type { VaultSecrets } from "../vault/keyring.ts";

/** Options of {@linkcode dumpToml} and {@linkcode renderTomlInventory}. */
export interface TomlOptions {
  /**
   * Decrypts `!vault` values, which TOML prints decrypted (as Ansible does). Without it, a
   * vault value is an error ("Attempting to decrypt but no vault secrets found"). A value
   * not decrypted yet prints as empty text and is noted as pending: run again after
   * `VaultKeyring.settle()`.
   */
  readonly vault?: VaultSecrets;
  /** What the document is, for error messages: `host "web1"`. */
  readonly subject?: string;
}

/**
 * The TOML text of a dict, as `toml.dumps` 0.10.2 with Ansible's encoder writes it,
 * final newline included; `""` for a dict with nothing to print (no keys, or only `None`
 * values).
 *
 * @param doc the document
 * @param options vault secrets and how to name the document in errors
 * @returns the TOML text
 * @throws {UnserializableValueError} where Ansible fails (see the module notes)
 *
 * @example Plain values first, then tables breadth first
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, type PyKey, type PyValue } from "../values/types.ts";
 * import { dumpToml } from "./toml.ts";
 *
 * const dict = (...pairs: [PyKey, PyValue][]): Map<PyKey, PyValue> => new Map(pairs);
 * const doc = dict(
 *   ["db", dict(["port", 5432], ["tls", dict(["on", true])])],
 *   ["ratio", new PyFloat(1e-5)],
 *   ["tags", ["a", null]],
 *   ["gone", null],
 * );
 * assert.equal(
 *   dumpToml(doc),
 *   'ratio = 1e-5\ntags = [ "a", "None",]\n\n[db]\nport = 5432\n\n[db.tls]\non = true\n',
 * );
 * ```
 */
export function dumpToml(doc: PyDict, options: TomlOptions = {}): string {
  return new Encoder(options).dumps(doc);
}

/**
 * The `--list --toml` document: the group tree under `root` (Ansible's `all`) as
 * `ansible-inventory --toml` builds it before encoding ({@linkcode tomlInventory}), then
 * encoded by {@linkcode dumpToml}. `""` when no group has anything to print.
 *
 * @param root the `all` group
 * @param hostVars a host's variables, asked for once per host, where it is first printed
 * @param groupVars a group's own variables (`--export`); without it groups print none
 * @param options as for {@linkcode dumpToml}
 * @returns the TOML text, final newline included
 * @throws {UnserializableValueError} where Ansible fails
 */
export function renderTomlInventory(
  root: Group,
  hostVars: (name: string) => PyDict,
  groupVars?: (group: Group) => PyDict,
  options: TomlOptions = {},
): string {
  return dumpToml(tomlInventory(root, hostVars, groupVars), options);
}

/**
 * The dict `ansible-inventory --toml` encodes for `--list` (`toml_inventory`), with its
 * quirks: one flat table per group, `{children = [...], hosts = {name = vars}, vars = {...}}`
 * with empty entries left out, in the order groups are first met walking the tree from
 * `root` (`all` itself lists no children and no hosts; `ungrouped` only when it has
 * hosts). A host's variables go where the walk first finishes a group holding it, `{}`
 * elsewhere. A group under two parents is walked twice and its second walk replaces the
 * first: there all its hosts were seen already, so they print as `{}` and the variables
 * its first walk placed are lost (Ansible prints them nowhere either).
 *
 * @param root the `all` group
 * @param hostVars a host's variables
 * @param groupVars a group's own variables, for `--export`
 * @returns the document
 */
export function tomlInventory(
  root: Group,
  hostVars: (name: string) => PyDict,
  groupVars?: (group: Group) => PyDict,
): PyDict {
  const seen = new Set<string>();
  const hasUngrouped = (root.children.find((g) => g.name === "ungrouped")?.hosts.length ?? 0) > 0;
  const format = (group: Group): Map<string, PyDict> => {
    const results = new Map<string, PyDict>();
    const entry: PyDict = new Map();
    results.set(group.name, entry);
    const children: string[] = [];
    entry.set("children", children);
    for (const child of group.children) {
      if (child.name === "ungrouped" && !hasUngrouped) continue;
      if (group.name !== "all") children.push(child.name);
      // dict.update(): a group met again keeps its place and takes the new entry.
      for (const [name, value] of format(child)) results.set(name, value);
    }
    if (group.name !== "all") {
      for (const host of group.hosts) {
        let vars: PyDict;
        if (seen.has(host.name)) vars = new Map();
        else {
          seen.add(host.name);
          vars = hostVars(host.name);
        }
        let hosts = entry.get("hosts") as PyDict | undefined;
        if (hosts === undefined) {
          hosts = new Map();
          entry.set("hosts", hosts);
        }
        hosts.set(host.name, vars);
      }
    }
    if (groupVars) entry.set("vars", groupVars(group));
    // `_remove_empty`: no empty `hosts`, `vars` or `children`.
    for (const key of ["hosts", "vars", "children"]) {
      const value = entry.get(key);
      if (Array.isArray(value) ? value.length === 0 : isDict(value) && value.size === 0) {
        entry.delete(key);
      }
    }
    if (entry.size === 0) results.delete(group.name);
    return results;
  };
  return format(root) as PyDict;
}

/** A key toml writes bare: `re.match(r'^[A-Za-z0-9_-]+$', key)`, whose `$` allows one final `\n`. */
const BARE_KEY = /^[A-Za-z0-9_-]+\n?$/;

/** The encoder: `TomlEncoder.dump_sections`, `dump_value` and `toml.dumps`. */
class Encoder {
  constructor(readonly options: TomlOptions) {}

  /** `toml.dumps`: the root's values, then its tables level by level. */
  dumps(doc: PyDict): string {
    const out: string[] = [];
    // The last two characters written (the document is built in pieces).
    let tail = "";
    const write = (text: string) => {
      if (text === "") return;
      out.push(text);
      tail = text.length >= 2 ? text.slice(-2) : (tail + text).slice(-2);
    };
    const [lines, first] = this.sections(doc, "");
    write(lines);
    let sections = first;
    // Every table of an earlier level (the root included), with its path: toml refuses to
    // meet one again one level further down.
    const earlier = new Map<object, string>([[doc, ""]]);
    while (sections.size > 0) {
      for (const [name, table] of sections) {
        const first = earlier.get(table);
        if (first !== undefined) throw this.circular(name, first);
      }
      for (const [name, table] of sections) if (!earlier.has(table)) earlier.set(table, name);
      const next = new Map<string, PyDict>();
      for (const [name, table] of sections) {
        const [own, subtables] = this.sections(table, name);
        if (own !== "" || subtables.size === 0) {
          if (out.length > 0 && tail !== "\n\n") write("\n");
          write(`[${name}]\n`);
          write(own);
        }
        for (const [key, value] of subtables) next.set(`${name}.${key}`, value);
      }
      sections = next;
    }
    return out.join("");
  }

  /**
   * `dump_sections`: a table's `key = value` lines and arrays of tables, and its subtables
   * by quoted key, for the caller to write under `[sup.key]` headers.
   */
  sections(table: PyDict, sup: string): [string, Map<string, PyDict>] {
    if (sup !== "" && !sup.endsWith(".")) sup += ".";
    const subtables = new Map<string, PyDict>();
    let lines = "";
    let arrays = "";
    for (const key of table.keys()) {
      const section = typeof key === "string" ? key : pyStr(key);
      const quoted = BARE_KEY.test(section)
        ? section
        : this.string(section, () => `the key ${strRepr(section)} in ${this.at(sup, "table")}`);
      const value = typeof key === "string"
        ? table.get(key)!
        : this.lookUp(table, key, section, sup);
      if (isDict(value)) subtables.set(quoted, value);
      else if (Array.isArray(value) && !isTuple(value) && value.some(isDict)) {
        arrays += this.arrayOfTables(value, sup + quoted);
      } else if (value !== null) lines += `${quoted} = ${this.value(value, sup + quoted)}\n`;
    }
    return [lines + arrays, subtables];
  }

  /**
   * `o[str(key)]`: the encoder looks every key up again as a string, so a non-string key
   * fails (`KeyError`) unless the dict also has that string as a key, whose value is then
   * printed for both.
   */
  lookUp(table: PyDict, key: PyKey, section: string, sup: string): PyValue {
    if (table.has(section)) return table.get(section)!;
    throw new UnserializableValueError(
      `The source inventory contains a non-string key (${section}) which cannot be represented in TOML (${
        this.at(sup, "table")
      }: the key ${short(pyRepr(key))} is a Python ${typeName(key)}); write the key as a string`,
    );
  }

  /** An array of tables (`[[path]]`), its items' subtables right after each item. */
  arrayOfTables(items: PyValue[], path: string): string {
    let out = "";
    items.forEach((item, index) => {
      let after = "\n";
      out += `[[${path}]]\n`;
      let own = "";
      let subtables = new Map<string, PyDict>();
      if (isDict(item)) [own, subtables] = this.sections(item, path);
      else this.notATable(item, path, index);
      if (own !== "") {
        if (own[0] === "[") after += own;
        else out += own;
      }
      while (subtables.size > 0) {
        const next = new Map<string, PyDict>();
        for (const [key, table] of subtables) {
          const [lines, deeper] = this.sections(table, `${path}.${key}`);
          if (lines !== "") after += `[${path}.${key}]\n${lines}`;
          for (const [k, v] of deeper) next.set(`${key}.${k}`, v);
        }
        subtables = next;
      }
      out += after;
    });
    return out;
  }

  /**
   * An item of an array of tables that is no dict: toml iterates it as if it were one.
   * Nothing to iterate (an empty string, list or tuple) prints an empty table; anything
   * else fails with the `TypeError` Python raises.
   */
  notATable(item: PyValue, path: string, index: number): void {
    let problem: string;
    if (typeof item === "string" || item instanceof Unsafe || item instanceof Vault) {
      const text = item instanceof Vault
        ? this.plaintext(item, `${path}[${index}]`)
        : typeof item === "string"
        ? item
        : item.value;
      if (text === "") return;
      // The first character is taken for a key, and quoted as one, before the lookup fails.
      const first = String.fromCodePoint(text.codePointAt(0)!);
      if (!BARE_KEY.test(first)) this.string(first, () => itemText(index, item));
      const indexType = item instanceof Unsafe ? "AnsibleUnsafeText" : "str";
      problem = `string indices must be integers, not '${indexType}'`;
    } else if (Array.isArray(item)) {
      if (item.length === 0) return;
      const first = item[0]!;
      const section = first instanceof Vault
        ? this.plaintext(first, `${path}[${index}][0]`)
        : pyStr(first);
      if (!BARE_KEY.test(section)) this.string(section, () => itemText(index, item));
      problem = `${isTuple(item) ? "tuple" : "list"} indices must be integers or slices, not str`;
    } else {
      problem = `'${typeName(item as PyKey)}' object is not iterable`;
    }
    throw new UnserializableValueError(
      `The source inventory contains a value that cannot be represented in TOML: ${problem} (${
        this.at(path)
      }: a list holding tables is written as an array of tables, but its item ${index} is ${
        short(pyRepr(item))
      }, which is not a table)`,
    );
  }

  /** `dump_value`: the text after `key = `. */
  value(value: PyValue, path: string): string {
    switch (typeof value) {
      case "string":
        return this.string(value, () => `the string ${short(strRepr(value))} at ${this.at(path)}`);
      case "boolean":
        return value ? "true" : "false";
      case "number":
      case "bigint":
        try {
          return intText(value);
        } catch (error) {
          if (!(error instanceof UnserializableValueError)) throw error;
          throw new UnserializableValueError(
            `ansible-inventory --toml crashes on the int at ${this.at(path)}: ${error.message}`,
          );
        }
    }
    if (value === null) return '"None"'; // `"%r" % None`, quoted as a string
    if (value instanceof PyFloat) return floatText(value.value);
    if (value instanceof Unsafe) {
      return this.string(
        value.value,
        () => `the string ${short(strRepr(value.value))} at ${this.at(path)}`,
      );
    }
    if (value instanceof PyDate) {
      return value.time === null ? value.isoformat() : value.isoformat().replaceAll("+00:00", "Z");
    }
    if (value instanceof Vault) return this.list([...this.plaintext(value, path)], path);
    if (Array.isArray(value)) return this.list(value, path);
    // A dict inside a list: toml falls back on iterating it, which gives its keys.
    return this.list([...value.keys()], path);
  }

  /** `dump_list`: `[ a, b,]`. */
  list(items: readonly PyValue[], path: string): string {
    let out = "[";
    items.forEach((item, index) => {
      out += ` ${this.value(item, `${path}[${index}]`)},`;
    });
    return out + "]";
  }

  /**
   * `_dump_str`: Python's `repr()` made double-quoted, then its `\x` escapes "fixed" by
   * toml's loop, step by step as it does it.
   */
  string(text: string, what: () => string): string {
    let v = strRepr(text);
    const single = v.startsWith("'");
    v = v.slice(1, -1);
    if (single) v = v.replaceAll("\\'", "'").replaceAll('"', '\\"');
    let parts = v.split("\\x");
    while (parts.length > 1) {
      if (parts[0] === "") parts = parts.slice(1);
      const head = parts[0]!.replaceAll("\\\\", "\\");
      if (parts.length < 2 || head === "") throw this.stringCrash(what());
      // An odd number of backslashes before the `\x` (the first character not counted).
      let join = head[head.length - 1] !== "\\";
      for (let i = head.length - 1; i > 0 && head[i] === "\\"; i--) join = !join;
      parts = [head + (join ? "x" : "u00") + parts[1], ...parts.slice(2)];
    }
    return `"${parts[0]}"`;
  }

  /** The decrypted text of a vault value (empty while it is pending). */
  plaintext(value: Vault, path: string): string {
    const vault = this.options.vault;
    const what = `the value at ${
      this.at(path)
    } is vault-encrypted, and TOML prints it decrypted, as ansible-inventory --toml does`;
    if (vault === undefined) {
      throw new UnserializableValueError(
        `Attempting to decrypt but no vault secrets found: ${what}; give the password with --vault-password-file`,
      );
    }
    try {
      return vault.plaintext(`the !vault value at ${path}`, value.ciphertext) ?? "";
    } catch (error) {
      if (!(error instanceof InventoryError)) throw error;
      throw new UnserializableValueError(`${error.message}: ${what}`);
    }
  }

  /** `IndexError` in `_dump_str`. */
  stringCrash(what: string): UnserializableValueError {
    return new UnserializableValueError(
      `ansible-inventory --toml crashes on ${what}: toml 0.10.2 fails with "list index out of range" on a string that starts with a \\x escape and has no other`,
    );
  }

  /** `ValueError` in `toml.dumps`. */
  circular(path: string, first: string): UnserializableValueError {
    return new UnserializableValueError(
      `ansible-inventory --toml crashes on a dict met at two depths (one object reached twice, through a YAML alias): at ${
        this.at(path)
      }, and a level up at ${
        first === "" ? "the top level" : `TOML key ${first}`
      }; toml 0.10.2 fails with "Circular reference detected"`,
    );
  }

  /** A place in the document (a TOML key path, or the top level) for messages. */
  at(path: string, noun = "key"): string {
    const of = this.options.subject === undefined ? "" : ` of ${this.options.subject}`;
    const key = path.endsWith(".") ? path.slice(0, -1) : path;
    return key === "" ? `the top level${of}` : `TOML ${noun} ${key}${of}`;
  }
}

/** An item of an array of tables, for messages. */
function itemText(index: number, item: PyValue): string {
  return `item ${index} (${short(pyRepr(item))}) of a list holding tables`;
}

/** `_dump_float`: Python's `str()` with the exponent's leading zero dropped. */
function floatText(value: number): string {
  return floatRepr(value).replace("e+0", "e+").replace("e-0", "e-");
}

/** Python's name of a value's type, as its `TypeError` messages print it. */
function typeName(value: PyKey): string {
  return value instanceof PyDate ? `datetime.${pyTypeName(value)}` : pyTypeName(value);
}

/** A value's text, shortened for a one-line message. */
function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 50)}...${text.slice(-7)}` : text;
}
