/**
 * Command-line arguments, parsed with `node:util`'s `parseArgs`. Usage mistakes are
 * {@linkcode UsageError}s: one line, then the usage, exit status 2.
 *
 * @module
 */

import { parseArgs } from "node:util";

/** A mistake in how the command was called. */
export class UsageError extends Error {
  /** @param message one line saying what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The subcommands besides the default inventory actions. */
export type Command = "inventory" | "check" | "explain" | "render" | "config";

/** Everything the command line said. */
export interface CliArgs {
  readonly command: Command;
  readonly inventory: string[];
  readonly list: boolean;
  readonly host: string | undefined;
  readonly graph: boolean;
  readonly vars: boolean;
  readonly yaml: boolean;
  /** `--toml`: TOML instead of JSON (`--yaml` wins; ignored for `--graph`, as in Ansible). */
  readonly toml: boolean;
  readonly export: boolean;
  readonly output: string | undefined;
  readonly limit: string | undefined;
  readonly playbookDir: string | undefined;
  readonly facts: boolean;
  /** False with `--no-fact-cache`: gathered facts are not read from Ansible's fact cache. */
  readonly factCache: boolean;
  readonly factsOnly: boolean;
  readonly format: "text" | "json";
  readonly strict: boolean;
  readonly maxRangeHosts: number | undefined;
  /** `--vault-password-file` values, in order (each may be given more than once). */
  readonly vaultPasswordFiles: string[];
  readonly help: boolean;
  readonly version: boolean;
  /** Positional arguments after the command (group for `--graph`, host for `explain`, ...). */
  readonly positionals: string[];
}

const OPTIONS = {
  inventory: { type: "string", short: "i", multiple: true },
  list: { type: "boolean" },
  host: { type: "string" },
  graph: { type: "boolean" },
  vars: { type: "boolean" },
  yaml: { type: "boolean", short: "y" },
  toml: { type: "boolean" },
  export: { type: "boolean" },
  output: { type: "string" },
  limit: { type: "string", short: "l" },
  "playbook-dir": { type: "string" },
  "no-facts": { type: "boolean" },
  "no-fact-cache": { type: "boolean" },
  "facts-only": { type: "boolean" },
  format: { type: "string" },
  strict: { type: "boolean" },
  "max-range-hosts": { type: "string" },
  "vault-password-file": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const COMMANDS: ReadonlySet<string> = new Set(["check", "explain", "render", "config"]);

/** Parses `argv` (without the program name). Throws {@linkcode UsageError}. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  const { values } = parsed;
  let positionals = parsed.positionals;
  let command: Command = "inventory";
  if (positionals.length > 0 && COMMANDS.has(positionals[0]!)) {
    command = positionals[0] as Command;
    positionals = positionals.slice(1);
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--format must be "text" or "json", not "${format}"`);
  }
  let maxRangeHosts: number | undefined;
  if (values["max-range-hosts"] !== undefined) {
    maxRangeHosts = Number(values["max-range-hosts"]);
    if (!Number.isSafeInteger(maxRangeHosts) || maxRangeHosts < 1) {
      throw new UsageError(`--max-range-hosts takes a positive whole number`);
    }
  }
  const args: CliArgs = {
    command,
    inventory: values.inventory ?? [],
    list: values.list ?? false,
    host: values.host,
    graph: values.graph ?? false,
    vars: values.vars ?? false,
    yaml: values.yaml ?? false,
    toml: values.toml ?? false,
    export: values.export ?? false,
    output: values.output,
    limit: values.limit,
    playbookDir: values["playbook-dir"],
    facts: !(values["no-facts"] ?? false),
    factCache: !(values["no-fact-cache"] ?? false),
    factsOnly: values["facts-only"] ?? false,
    format,
    strict: values.strict ?? false,
    maxRangeHosts,
    vaultPasswordFiles: values["vault-password-file"] ?? [],
    help: values.help ?? false,
    version: values.version ?? false,
    positionals,
  };
  validate(args);
  return args;
}

function validate(args: CliArgs): void {
  if (args.help || args.version) return;
  if (!args.facts && args.factsOnly) {
    throw new UsageError("--no-facts and --facts-only cannot be used together");
  }
  if (args.command !== "inventory") return;
  const actions = [args.list, args.host !== undefined, args.graph].filter(Boolean).length;
  if (actions === 0) {
    throw new UsageError(
      "No action selected, at least one of --host, --graph or --list needs to be specified.",
    );
  }
  if (actions > 1) {
    throw new UsageError(
      "Conflicting options used, only one of --host, --graph or --list can be used at the same time.",
    );
  }
  if (args.positionals.length > 1 || (args.positionals.length === 1 && !args.graph)) {
    throw new UsageError(`Unexpected argument "${args.positionals.at(-1)}"`);
  }
}

function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) return `Unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `Option ${missing[1]!.replace(/^-\w, /, "")} needs a value`;
  return message.split("\n")[0]!;
}
