/**
 * `ha-inventory config`: the effective settings that change the inventory and where
 * each came from, like `ansible-config dump --only-changed` for ha-inventory's subset,
 * with the file's line added to the origin.
 *
 * ```text
 * CACHE_PLUGIN(/srv/kubespray/ansible.cfg:12) = jsonfile
 * CONFIG_FILE() = /srv/kubespray/ansible.cfg
 * DEFAULT_HASH_BEHAVIOUR(env: ANSIBLE_HASH_BEHAVIOUR) = merge
 * TRANSFORM_INVALID_GROUP_CHARS(/srv/kubespray/ansible.cfg:7) = ignore
 * ```
 *
 * @module
 */

import { dumpJson } from "../values/json.ts";
import { pyRepr } from "../values/py_str.ts";
import type { PyValue } from "../values/types.ts";
import { type AnsibleConfig, describeOrigin, type ResolvedSetting } from "./ansible_cfg.ts";

/** One changed setting as `config --format json` prints it. */
export interface ReportedSetting {
  /** Ansible's name (`ansible-config`'s), e.g. `INVENTORY_IGNORE_EXTS`. */
  readonly name: string;
  /** For a plugin option, the plugin (`inventory/yaml`, `vars/host_group_vars`). */
  readonly plugin?: string;
  /** The effective value. */
  readonly value: PyValue;
  /** `env: ANSIBLE_X` or `file:line`. */
  readonly origin: string;
  /** The environment variable, when it came from one. */
  readonly env?: string;
  /** The file, line, section and key, when it came from the configuration file. */
  readonly file?: string;
  readonly line?: number;
  readonly section?: string;
  readonly key?: string;
  /** False for a setting ha-inventory cannot apply (it is warned about). */
  readonly applied: boolean;
  /** What it changes. */
  readonly effect: string;
}

/** The settings that are not at their default, sorted by name (plugin options last). */
export function changedSettings(config: AnsibleConfig): ReportedSetting[] {
  return config.resolved
    .filter((setting) => setting.origin.kind !== "default")
    .map(report)
    .sort((a, b) =>
      (a.plugin ?? "").localeCompare(b.plugin ?? "") ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    );
}

function report(setting: ResolvedSetting): ReportedSetting {
  const { definition, origin } = setting;
  return {
    name: definition.name,
    ...(definition.plugin ? { plugin: definition.plugin } : {}),
    value: toPy(setting.value),
    origin: describeOrigin(origin),
    ...(origin.kind === "env" ? { env: origin.name } : {}),
    ...(origin.kind === "file"
      ? { file: origin.file, line: origin.line, section: origin.section, key: origin.key }
      : {}),
    applied: definition.support === "applied",
    effect: definition.effect,
  };
}

function toPy(value: ResolvedSetting["value"]): PyValue {
  if (value === undefined) return null;
  if (Array.isArray(value)) return [...value];
  return value as PyValue;
}

/** The text form: `NAME(origin) = value` lines, `CONFIG_FILE()` among them. */
export function renderConfigText(config: AnsibleConfig): string {
  const lines: string[] = [];
  const changed = changedSettings(config);
  const base = changed.filter((s) => s.plugin === undefined);
  const entries: [string, string][] = base.map((s) => [s.name, line(s)]);
  entries.push(["CONFIG_FILE", `CONFIG_FILE() = ${config.file ?? "None"}`]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  lines.push(...entries.map(([, text]) => text));
  for (const setting of changed.filter((s) => s.plugin !== undefined)) {
    lines.push(`${setting.plugin}: ${line(setting)}`);
  }
  return lines.join("\n");
}

function line(setting: ReportedSetting): string {
  const text = `${setting.name}(${setting.origin}) = ${pyText(setting.value)}`;
  return setting.applied ? text : `${text}  # not applied: ${setting.effect}`;
}

/** Python's `str()` as `ansible-config` prints values. */
function pyText(value: PyValue): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** The JSON form: `{"config_file": ..., "settings": [...], "warnings": [...]}`. */
export function renderConfigJson(config: AnsibleConfig): string {
  const settings = changedSettings(config).map((s) => new Map(Object.entries(s)) as PyValue);
  const document: PyValue = new Map<string, PyValue>([
    ["config_file", config.file ?? null],
    ["settings", settings],
    ["warnings", [...config.settings.warnings]],
  ]);
  return dumpJson(document, { indent: 4 });
}
