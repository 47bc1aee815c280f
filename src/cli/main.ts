/**
 * The `ha-inventory` command: a thin layer over the library that parses arguments,
 * finds the sources, prints to stdout (only the document) and stderr (warnings and
 * errors), and sets the exit status.
 *
 * @module
 */

import { describeError, InventoryError, InventorySyntaxError, type Location } from "../errors.ts";
import { buildView, type HostLayers, type InventoryView } from "../pipeline.ts";
import { renderGraph } from "../render/graph.ts";
import { renderHost } from "../render/host.ts";
import { renderList } from "../render/list.ts";
import { renderListChunks } from "../render/list_stream.ts";
import type { PyDict } from "../values/types.ts";
import { dumpYaml } from "../render/yaml.ts";
import { dumpToml, renderTomlInventory } from "../render/toml.ts";
import { renderYamlInventory } from "../render/yaml_inventory.ts";
import { renderEtcHosts } from "../render/etc_hosts.ts";
import { explainHost, renderExplainJson, renderExplainText } from "../render/explain.ts";
import { renderHaproxy } from "../render/haproxy.ts";
import { renderNginx } from "../render/nginx.ts";
import {
  checkExitCode,
  formatFindingsJson,
  formatFindingsText,
  runChecks,
} from "../kubespray/checks.ts";
import { type CliArgs, parseCliArgs, UsageError } from "./args.ts";
import { discoverSources } from "./discover.ts";
import { HELP, USAGE, VERSION } from "./usage.ts";
import { type AnsibleConfig, loadAnsibleConfig } from "../config/ansible_cfg.ts";
import { renderConfigJson, renderConfigText } from "../config/report.ts";
import type { InventorySettings } from "../config/settings.ts";
import { UnserializableValueError } from "../errors.ts";
import { pythonPrintable, writeOutput } from "./output.ts";
import { VaultKeyring, type VaultSecrets } from "../vault/keyring.ts";
import { readVaultPasswordFile } from "../vault/password_file.ts";

/** Exit statuses. */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70 } as const;

/** What a run printed and its exit status; {@linkcode main} writes it out. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  /**
   * A large stdout as UTF-8 pieces (then without its final newline): {@linkcode main}
   * writes these, and `stdout` decodes them when read.
   */
  readonly chunks?: Iterable<Uint8Array>;
}

/** State kept between the passes of one run (see {@linkcode runAsync}). */
interface Session {
  /** Read once, on the first pass; `null` when no vault password was given. */
  keyring?: VaultKeyring | null;
  /** The working directory the command behaves as if run from (tests set it). */
  readonly cwd?: string;
}

/** Options of {@linkcode run} and {@linkcode runAsync}. */
export interface RunOptions {
  /**
   * Behave as if run from this directory: its `group_vars/` apply as the playbook
   * directory's do. Defaults to the process's working directory.
   */
  readonly cwd?: string;
}

/** A pass that met vault-encrypted files not decrypted yet: run again after decrypting. */
const AGAIN = Symbol("again");

/**
 * Runs the command for `argv` without touching stdout or stderr. Vault-encrypted files
 * need {@linkcode runAsync} (WebCrypto is asynchronous); this reports them as a bug in
 * the caller.
 */
export function run(argv: readonly string[], options: RunOptions = {}): RunResult {
  const result = runPass(argv, { ...options });
  if (result !== AGAIN) return result;
  return internalError(new Error("vault-encrypted files can only be decrypted by runAsync()"));
}

/**
 * Runs the command for `argv`, decrypting vault-encrypted files with the vault password:
 * a pass that meets files it cannot decrypt yet notes them, they are decrypted, and the
 * command runs again (nothing is printed or written until the last pass). Without vault
 * files this is one pass, the same as {@linkcode run}.
 */
export async function runAsync(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const session: Session = { ...options };
  for (;;) {
    const result = runPass(argv, session);
    if (result !== AGAIN) return result;
    await session.keyring!.settle();
  }
}

function runPass(argv: readonly string[], session: Session): RunResult | typeof AGAIN {
  const err: string[] = [];
  try {
    const args = parseCliArgs(argv);
    if (args.help) return { stdout: HELP + "\n", stderr: "", code: EXIT.ok };
    if (args.version) return { stdout: `ha-inventory ${VERSION}\n`, stderr: "", code: EXIT.ok };
    // ansible.cfg and ANSIBLE_*: `config` shows them and needs no inventory.
    const config = loadAnsibleConfig();
    if (args.command === "config") return configCommand(args, config);
    if (session.keyring === undefined) session.keyring = vaultKeyring(args, config);
    const cwd = session.cwd ?? Deno.cwd();
    const view = load(args, session.keyring ?? undefined, config.settings, cwd);
    const out = dispatch(withConfigDefaults(args, config.settings), view, cwd, session.keyring);
    if (session.keyring?.pending) return AGAIN;
    // Run by Ansible as an inventory script (no -i), anything on stderr is shown as an
    // error on every run, and Ansible repeats the group-name warnings itself: stay quiet.
    // `ha-inventory check` reports every problem.
    const asScript = args.inventory.length === 0 && args.command === "inventory";
    if (!asScript) { for (const warning of view.warnings()) err.push(`[WARNING]: ${warning}\n`); }
    if (args.output !== undefined && args.command === "inventory") {
      // Like ansible-inventory: the file gets the document without the newline its
      // display adds; YAML and TOML documents end in a newline of their own.
      const ownNewline = tomlOutput(args) || (args.yaml && !args.graph);
      const own = ownNewline && typeof out.text === "string" ? "\n" : "";
      writeOutput(args.output, own === "" ? out.text : out.text + own);
      return { stdout: "", stderr: err.join(""), code: out.code };
    }
    if (typeof out.text !== "string") return chunkedResult(out.text, err.join(""), out.code);
    return { stdout: out.text === "" ? "" : out.text + "\n", stderr: err.join(""), code: out.code };
  } catch (error) {
    // A file skipped until it is decrypted can make the rest fail: decrypt, then judge.
    if (session.keyring?.pending) return AGAIN;
    if (error instanceof UsageError) {
      return { stdout: "", stderr: `ha-inventory: ${error.message}\n${USAGE}\n`, code: EXIT.usage };
    }
    if (error instanceof InventorySyntaxError || error instanceof InventoryError) {
      return {
        stdout: "",
        stderr: err.join("") + userError(describeError(error), error.location),
        code: EXIT.input,
      };
    }
    if (error instanceof UnserializableValueError) {
      return { stdout: "", stderr: err.join("") + userError(error.message), code: EXIT.input };
    }
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      // Input nested deeper than the parsers and renderers recurse: a limit, not a bug.
      const message =
        "The inventory is nested too deeply to be processed (maximum call stack size exceeded)";
      return { stdout: "", stderr: userError(message), code: EXIT.input };
    }
    return internalError(error);
  }
}

/** A result whose stdout is UTF-8 pieces, decoded only if someone reads `stdout`. */
function chunkedResult(chunks: Iterable<Uint8Array>, stderr: string, code: number): RunResult {
  let text: string | undefined;
  return {
    chunks,
    stderr,
    code,
    get stdout() {
      if (text === undefined) {
        const decoder = new TextDecoder();
        text = Array.from(chunks, (chunk) => decoder.decode(chunk, { stream: true })).join("") +
          decoder.decode() + "\n";
      }
      return text;
    },
  };
}

/**
 * The passwords from `--vault-password-file`, else `ANSIBLE_VAULT_PASSWORD_FILE` or
 * `vault_password_file` in ansible.cfg; `null` for none.
 */
function vaultKeyring(args: CliArgs, config: AnsibleConfig): VaultKeyring | null {
  const fromEnv = config.resolved.find((s) => s.definition.name === "DEFAULT_VAULT_PASSWORD_FILE")
    ?.value as string | undefined;
  const files = args.vaultPasswordFiles.length > 0
    ? args.vaultPasswordFiles
    : fromEnv
    ? [fromEnv]
    : [];
  return files.length === 0 ? null : new VaultKeyring(files.map(readVaultPasswordFile));
}

/** An environment variable, or `undefined` when unset or not permitted. */
function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Longest error message printed whole; longer ones keep their start and end. */
const MAX_MESSAGE = 600;

/**
 * One `ha-inventory: error: ...` line, then the offending line of the file with a caret
 * under the column when the location has them. Messages quote the offending text, which
 * can be a megabyte-long line: the middle of a long message is left out.
 */
function userError(message: string, where?: Location): string {
  // One line, as Ansible displays its messages: a line break becomes a space.
  let text = message.replaceAll("\n", " ");
  if (text.length > MAX_MESSAGE) {
    const omitted = text.length - 500;
    text = `${text.slice(0, 400)} ...(${omitted} characters left out)... ${text.slice(-100)}`;
  }
  return `ha-inventory: error: ${text}\n${where ? excerpt(where) : ""}`;
}

/** Widest excerpt of a source line shown under an error. */
const EXCERPT_WIDTH = 100;

/** `  12 | the line` and a caret line, or nothing when the line cannot be shown. */
function excerpt(where: Location): string {
  if (where.line === undefined) return "";
  let source: string;
  try {
    // Only the start of the file: lines far into a huge file are not worth a re-read.
    const file = Deno.openSync(where.file);
    try {
      const buffer = new Uint8Array(4 << 20);
      const n = file.readSync(buffer) ?? 0;
      source = new TextDecoder().decode(buffer.subarray(0, n));
    } finally {
      file.close();
    }
  } catch {
    return "";
  }
  if (source.startsWith("$ANSIBLE_VAULT")) return "";
  const lines = source.split(/\r\n|\r|\n/, where.line + 1);
  if (where.line > lines.length - 1 && source.length >= 4 << 20) return "";
  const line = lines[where.line - 1];
  if (line === undefined || line.trim() === "") return "";
  const chars = [...line];
  let start = 0;
  const column = where.column === undefined ? undefined : where.column - 1;
  if (chars.length > EXCERPT_WIDTH) {
    start = Math.max(0, Math.min((column ?? 0) - 40, chars.length - EXCERPT_WIDTH));
  }
  const end = Math.min(chars.length, start + EXCERPT_WIDTH);
  // Control characters (tabs included) as their visible symbols, one column each.
  const shown = chars.slice(start, end).map((c) => {
    const code = c.codePointAt(0)!;
    return code < 0x20 ? String.fromCodePoint(0x2400 + code) : code === 0x7f ? "\u2421" : c;
  }).join("");
  const left = start > 0 ? "..." : "";
  const right = end < chars.length ? "..." : "";
  const number = String(where.line);
  let out = `  ${number} | ${left}${shown}${right}\n`;
  if (column !== undefined && column >= start && column <= end) {
    out += `  ${" ".repeat(number.length)} | ${" ".repeat(left.length + column - start)}^\n`;
  }
  return out;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * An error that is no user mistake: a bug. One short paragraph asking for a report; the
 * stack only with `HA_INVENTORY_DEBUG=1`.
 */
export function internalError(error: unknown): RunResult {
  const summary = error instanceof Error
    ? `${error.name}: ${error.message}`
    : typeof error === "object" && error !== null
    ? `a ${error.constructor?.name ?? "value"} was thrown: ${safeJson(error)}`
    : String(error);
  const short = summary.length > 300 ? summary.slice(0, 300) + "..." : summary;
  let stderr = `ha-inventory: internal error (${short}).\n` +
    "This is a bug in ha-inventory, not a problem with your inventory: please report it with the command line and the inventory that caused it.\n";
  if (envVar("HA_INVENTORY_DEBUG") === "1" && error instanceof Error && error.stack) {
    stderr += error.stack + "\n";
  } else {
    stderr += "Run with HA_INVENTORY_DEBUG=1 to print the details.\n";
  }
  return { stdout: "", stderr, code: EXIT.internal };
}

/** `ha-inventory config`: the settings that change the inventory, and where each came from. */
function configCommand(args: CliArgs, config: AnsibleConfig): RunResult {
  if (args.positionals.length > 0) {
    throw new UsageError(`Unexpected argument "${args.positionals[0]}"`);
  }
  const text = args.format === "json" ? renderConfigJson(config) : renderConfigText(config);
  const stderr = config.settings.warnings.map((warning) => `[WARNING]: ${warning}\n`).join("");
  return { stdout: text + "\n", stderr, code: EXIT.ok };
}

/** `[inventory] export = true` makes `--export` the default, as in ansible-inventory. */
function withConfigDefaults(args: CliArgs, settings: InventorySettings): CliArgs {
  return settings.export && !args.export ? { ...args, export: true } : args;
}

function load(
  args: CliArgs,
  vault: VaultKeyring | undefined,
  settings: InventorySettings,
  cwd: string,
): InventoryView {
  const discovery = discoverSources(args.inventory);
  if (discovery.sources.length === 0) {
    throw new InventoryError(
      `No inventory found. Give one with -i PATH or HA_INVENTORY, or put one beside the executable. Looked at: ${
        discovery.looked.join(", ")
      }`,
    );
  }
  return buildView(discovery.sources, {
    playbookDir: args.playbookDir ?? settings.playbookDir ?? cwd,
    playbookDirExplicit: (args.playbookDir ?? settings.playbookDir) !== undefined,
    facts: args.facts,
    settings: args.factCache ? settings : { ...settings, factCache: undefined },
    ...(args.maxRangeHosts !== undefined ? { maxRangeHosts: args.maxRangeHosts } : {}),
    ...(discovery.self !== undefined ? { skipFiles: new Set([discovery.self]) } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    ...(vault !== undefined ? { vault } : {}),
    // check and explain cite the file and line of each variable.
    ...(args.command === "check" || args.command === "explain" ? { trackOrigins: true } : {}),
  });
}

function dispatch(
  args: CliArgs,
  view: InventoryView,
  cwd: string,
  vault: VaultSecrets | null | undefined,
): { text: string | Iterable<Uint8Array>; code: number } {
  switch (args.command) {
    case "inventory":
      return { text: inventoryAction(args, view, vault ?? undefined), code: EXIT.ok };
    case "check": {
      if (args.positionals.length > 0) {
        throw new UsageError(`Unexpected argument "${args.positionals[0]}"`);
      }
      const findings = runChecks(view, { strict: args.strict, relativeTo: cwd });
      const text = args.format === "json"
        ? formatFindingsJson(findings)
        : formatFindingsText(findings);
      return { text, code: checkExitCode(findings) };
    }
    case "explain": {
      const [host, fact, extra] = args.positionals;
      if (host === undefined || extra !== undefined) {
        throw new UsageError("explain takes HOST [FACT]");
      }
      view.focusOn([host]);
      const explanation = explainHost(view, host, fact, cwd);
      const text = args.format === "json"
        ? renderExplainJson(explanation)
        : renderExplainText(explanation);
      return { text, code: EXIT.ok };
    }
    case "render": {
      const [what, kind, extra] = args.positionals;
      const host = args.host !== undefined ? { host: args.host } : {};
      let text: string | undefined;
      if (what === "haproxy" && kind === undefined) text = renderHaproxy(view, host);
      else if (what === "nginx" && kind === undefined) text = renderNginx(view, host);
      else if (
        what === "hosts" && (kind === undefined || kind === "lb" || kind === "all") && !extra
      ) {
        text = renderEtcHosts(view, { ...host, ...(kind === undefined ? {} : { kind }) });
      }
      if (text === undefined) throw new UsageError("render takes haproxy, nginx or hosts [lb|all]");
      return { text: text.replace(/\n$/, ""), code: EXIT.ok };
    }
    default:
      throw new UsageError(`The ${args.command} command is not available yet`);
  }
}

/** Whether the document is TOML: `--toml`, unless `--yaml` (which wins) or `--graph` (text). */
function tomlOutput(args: CliArgs): boolean {
  return args.toml && !args.yaml && !args.graph && args.command === "inventory";
}

/** What ansible-inventory does with an empty TOML document, and so ha-inventory. */
const EMPTY_TOML =
  "ansible-inventory --toml prints nothing for it and fails (exit status 1), and so does ha-inventory";

function inventoryAction(
  args: CliArgs,
  view: InventoryView,
  vault: VaultSecrets | undefined,
): string | Iterable<Uint8Array> {
  const warn = (message: string) => view.warn(message);
  const hostvars = (name: string) =>
    args.factsOnly ? view.factsOf(name) : view.hostVars(name, args.export);
  const toml = tomlOutput(args);
  // One host's variables as the chosen format prints them (without the final newline).
  const show = (vars: PyDict, name: string): string => {
    if (args.yaml) return dumpYaml(vars).replace(/\n$/, "");
    if (!toml) return renderHost(vars, warn);
    const text = dumpToml(vars, { subject: `host "${name}"`, ...(vault ? { vault } : {}) });
    if (text === "") {
      throw new InventoryError(
        `Host "${name}" has no variables to print as TOML (TOML has no null: variables set to null are left out); ${EMPTY_TOML}`,
      );
    }
    return text.slice(0, -1);
  };
  if (args.host !== undefined) {
    const hosts = view.findHosts(args.host);
    if (hosts.length > 1) {
      throw new UsageError(
        `You must pass a single valid host to --host parameter ("${args.host}" matches ${hosts.length} hosts)`,
      );
    }
    if (hosts.length === 0) {
      // Ansible answers for `localhost` even when the inventory lacks it; the script
      // protocol's answer for another host the inventory does not have is `{}`.
      const local = view.implicitLocalhostVars(args.host);
      if (local !== undefined) return show(local, args.host);
      if (!toml) return "{}";
      throw new InventoryError(
        `Host "${args.host}" is not in the inventory: TOML has no empty answer to print ({} is JSON), and ansible-inventory --toml refuses it too ("You must pass a single valid host to --host parameter")`,
      );
    }
    view.focusOn(hosts);
    return show(hostvars(hosts[0]!), hosts[0]!);
  }
  if (args.graph) {
    const name = args.positionals[0] ?? "all";
    const group = view.inventory.groups.get(name);
    if (!group) throw new UsageError("Pattern must be valid group name when using --graph");
    return renderGraph(
      group,
      args.vars
        ? { host: (h) => view.hostVars(h, false), group: (g) => view.groupVars(g) }
        : undefined,
    );
  }
  const groupVars = args.export
    ? (g: Parameters<typeof view.groupVars>[0]) => view.groupVars(g)
    : undefined;
  const hostFilter = args.limit === undefined ? undefined : new Set(view.hostNames());
  if (toml) {
    // Asked for host by host, where the document first prints each (once: no need to
    // keep them); hosts outside --limit print as {}, as with --yaml.
    const once = (name: string): PyDict => {
      if (hostFilter && !hostFilter.has(name)) return new Map();
      return args.factsOnly ? view.factsOf(name) : view.hostVars(name, args.export, false);
    };
    const text = renderTomlInventory(
      view.inventory.all,
      once,
      groupVars,
      vault ? { vault } : {},
    );
    if (text === "") {
      throw new InventoryError(
        `The inventory has nothing to print as TOML (no group with hosts, child groups or variables); ${EMPTY_TOML}`,
      );
    }
    return text.slice(0, -1);
  }
  if (!args.yaml) {
    // Host by host into bytes: a 50k-host document never becomes one string.
    // Each host's variables are asked for once here: no need to keep them. Plain
    // `--list` prints from layers (see renderListChunks).
    const once = (name: string): PyDict | HostLayers => {
      if (args.factsOnly) return view.factsOf(name);
      return view.hostLayers(name, args.export) ?? view.hostVars(name, args.export, false);
    };
    const chunks = renderListChunks(view.inventory, view.hostNames(), once, {
      ...(groupVars ? { groupVars } : {}),
      ...(hostFilter ? { hostFilter } : {}),
    });
    if (chunks) return chunks;
  }
  const all = new Map(view.hostNames().map((name) => [name, hostvars(name)]));
  if (args.yaml) {
    return renderYamlInventory(view.inventory.all, all, groupVars).replace(/\n$/, "");
  }
  return renderList(view.inventory, all, {
    ...(groupVars ? { groupVars } : {}),
    ...(hostFilter ? { hostFilter } : {}),
    onWarning: warn,
  });
}

/** Entry point: runs with the process arguments and exits. */
export async function main(): Promise<void> {
  let result: RunResult;
  try {
    result = await runAsync(Deno.args);
  } catch (error) {
    result = internalError(error);
  }
  try {
    if (result.chunks) {
      for (const chunk of result.chunks) writeOut(chunk);
      writeOut(new Uint8Array([0x0a]));
    } else if (result.stdout) writeOut(printable(result.stdout));
  } catch (error) {
    result = error instanceof OutputError
      ? { stdout: "", stderr: userError(`Cannot write the output: ${error.message}`), code: 1 }
      : internalError(error);
  }
  try {
    if (result.stderr) writeAll(Deno.stderr, result.stderr);
  } catch {
    // Nowhere left to say anything.
  }
  Deno.exit(result.code);
}

function writeAll(stream: typeof Deno.stdout, text: string): void {
  writeBytes(stream, printable(text));
}

function printable(text: string): Uint8Array {
  return new TextEncoder().encode(pythonPrintable(text));
}

/** Writing stdout failed: the system's doing (a full disk, ...), not a bug. */
class OutputError extends Error {}

function writeOut(bytes: Uint8Array): void {
  try {
    writeBytes(Deno.stdout, bytes);
  } catch (error) {
    // The reader went away (`ha-inventory --list | head`): stop quietly, with the status
    // of a process ended by SIGPIPE, as other command-line tools do.
    if (error instanceof Deno.errors.BrokenPipe) Deno.exit(141);
    throw new OutputError(error instanceof Error ? error.message : String(error));
  }
}

function writeBytes(stream: typeof Deno.stdout, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += stream.writeSync(bytes.subarray(offset));
}

if (import.meta.main) await main();
