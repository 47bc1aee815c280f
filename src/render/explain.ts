/**
 * `ha-inventory explain HOST [FACT]`: each Kubespray fact of a host with the chain that
 * produced it: the rule (for endpoints, the row of the load-balancer mode table and what
 * `docs/ha-mode.md` says for that cell), every input read in evaluation order with the
 * layer and file:line that set it (inventory inputs; load with `trackOrigins` for
 * lines), and which step of a fallback chain was taken.
 *
 * @module
 */

import { formatLocation, InventoryError } from "../errors.ts";
import type { VarOrigin } from "../inventory/precedence.ts";
import type { InventoryView } from "../pipeline.ts";
import type { Fact, ReasonInput } from "../kubespray/facts.ts";
import { dumpJson } from "../values/json.ts";
import type { PyDict, PyKey, PyValue } from "../values/types.ts";

/** Where an input's value was set. */
export interface ExplainedOrigin {
  /** The precedence layer that won, e.g. `group "all" (inventory)` or `host_vars/node1`. */
  readonly layer: string;
  /** `file:line` (or the file), when known. */
  readonly location?: string;
}

/** One input of a fact. */
export interface ExplainedInput {
  /** As Jinja names it: `access_ip`, `hostvars['node1']['ip']`, `groups['etcd']`. */
  readonly name: string;
  /** `inventory`, `default` (a Kubespray default), `groups`, `gathered`, `runtime` or `undefined`. */
  readonly source: ReasonInput["source"];
  /** The value used, when known. */
  readonly value?: PyValue;
  /** Where the inventory set it. */
  readonly origin?: ExplainedOrigin;
  /** True for the step a fallback chain took (the first defined one). */
  readonly chosen?: boolean;
}

/** The load-balancer mode cell that decided an endpoint. */
export interface ExplainedLbMode {
  /** The row id of `LB_MODES`, or undefined when it is only decided at run time. */
  readonly id: string | undefined;
  /** The seed document's row label. */
  readonly docRow?: string;
  /** `master`, `nonMaster` or `adminConf`. */
  readonly column: string;
  /** The cell as the document writes it. */
  readonly doc?: string;
  /** The code's rule for that cell. */
  readonly rule?: string;
  /** How the document and the code differ, if they do. */
  readonly differs?: string;
}

/** One fact explained. */
export interface ExplainedFact {
  /** The fact's name. */
  readonly name: string;
  /** Its value; undefined when Kubespray itself cannot evaluate it. */
  readonly value: PyValue | undefined;
  /** The rule id (see `Reason.rule`). */
  readonly rule: string;
  /** The rule in a sentence. */
  readonly text: string;
  /** True when the inventory sets the fact itself. */
  readonly fromInventory: boolean;
  /** Run-time inputs the value waits for (the value is then a Jinja template). */
  readonly waitsFor: readonly string[];
  /** For endpoints: the LB mode. */
  readonly lbMode?: ExplainedLbMode;
  /** Where the inventory set it, when it does. */
  readonly origin?: ExplainedOrigin;
  /** The inputs, in evaluation order. */
  readonly inputs: readonly ExplainedInput[];
}

/** What `explain` shows for a host. */
export interface Explanation {
  /** The host. */
  readonly host: string;
  /** The facts asked for (all when no name was given). */
  readonly facts: readonly ExplainedFact[];
  /** When the name asked for is an inventory variable rather than a fact: its value and origin. */
  readonly variable?: { name: string; value: PyValue; origin?: ExplainedOrigin };
}

const HOSTVARS_REF = /^hostvars\['((?:[^'\\]|\\.)*)'\]\['([^']*)'\]/;

/**
 * Explains a host's facts.
 *
 * @param view the inventory (load it with `trackOrigins: true` for file:line)
 * @param host the inventory host name
 * @param fact one fact (or inventory variable) to explain; all facts when omitted
 * @param relativeTo print file paths relative to this directory when below it
 * (For one host of a large inventory, call `view.focusOn([host])` first: only the facts
 * that host needs are computed.)
 * @throws {InventoryError} for an unknown host or name, or when facts are off
 */
export function explainHost(
  view: InventoryView,
  host: string,
  fact?: string,
  relativeTo?: string,
): Explanation {
  const model = view.inventory.hosts.get(host);
  if (model === undefined) throw new InventoryError(`Host "${host}" is not in the inventory`);
  if (view.options.facts === false) {
    throw new InventoryError("explain needs Kubespray's facts: drop --no-facts");
  }
  const facts = view.facts(host);
  if (facts === undefined) {
    throw new InventoryError(
      `The facts of ${host} were not computed: the view was focused on other hosts (focusOn)`,
    );
  }
  const origins = new Map<string, Map<string, VarOrigin>>();
  const originOf = (of: string, name: string): ExplainedOrigin | undefined => {
    let map = origins.get(of);
    if (map === undefined) {
      const target = view.inventory.hosts.get(of);
      map = target ? view.loaded.resolver.resolveWithOrigins(target).origins : new Map();
      origins.set(of, map);
    }
    const origin = map.get(name);
    if (origin === undefined) return undefined;
    const location = origin.location === undefined ? undefined : relative(
      formatLocation(
        origin.location.line === undefined
          ? { file: origin.location.file }
          : { file: origin.location.file, line: origin.location.line },
      ),
      relativeTo,
    );
    return { layer: origin.layer, ...(location === undefined ? {} : { location }) };
  };
  if (fact !== undefined && !facts.has(fact)) {
    const vars = view.hostVars(host);
    if (!vars.has(fact)) {
      throw new InventoryError(
        `"${fact}" is neither a Kubespray fact nor a variable of ${host}; facts: ${
          [...facts.keys()].join(", ")
        }`,
      );
    }
    const origin = originOf(host, fact);
    return {
      host,
      facts: [],
      variable: { name: fact, value: vars.get(fact) ?? null, ...(origin ? { origin } : {}) },
    };
  }
  const names = fact === undefined ? [...facts.keys()] : [fact];
  return {
    host,
    facts: names.map((name) => explainFact(host, name, facts.get(name)!, originOf)),
  };
}

function explainFact(
  host: string,
  name: string,
  fact: Fact,
  originOf: (host: string, name: string) => ExplainedOrigin | undefined,
): ExplainedFact {
  const { reason } = fact;
  // The step a fallback chain took: the last input read before the value was decided.
  const chain = reason.rule === "address-chain" || reason.rule === "first-master";
  let chosenIndex = -1;
  if (chain) {
    reason.inputs.forEach((input, i) => {
      if (input.source !== "undefined" && input.source !== "groups" && chosenIndex < 0) {
        chosenIndex = i;
      }
    });
  }
  // A template reads some names twice (a rule's test, then its URL): show each once.
  const shown = new Set<string>();
  const inputs = reason.inputs.flatMap((input, i): ExplainedInput[] => {
    const key = `${input.name}\0${input.source}`;
    if (shown.has(key) && i !== chosenIndex) return [];
    shown.add(key);
    let origin: ExplainedOrigin | undefined;
    if (input.source === "inventory" || input.source === "runtime") {
      const ref = HOSTVARS_REF.exec(input.name);
      origin = ref
        ? originOf(ref[1]!.replace(/\\(.)/g, "$1"), ref[2]!)
        : originOf(host, input.name.split(".")[0]!);
    }
    return [{
      name: input.name,
      source: input.source,
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(origin ? { origin } : {}),
      ...(i === chosenIndex ? { chosen: true } : {}),
    }];
  });
  const lbMode = reason.lbMode;
  const origin = reason.fromInventory ? originOf(host, name) : undefined;
  return {
    name,
    value: fact.value,
    rule: reason.rule,
    text: reason.text,
    fromInventory: reason.fromInventory,
    waitsFor: reason.waitsFor,
    ...(lbMode
      ? {
        lbMode: {
          id: lbMode.mode?.id,
          column: lbMode.column,
          ...(lbMode.mode ? { docRow: lbMode.mode.docRow } : {}),
          ...(lbMode.cell
            ? {
              doc: lbMode.cell.doc,
              rule: lbMode.cell.rule,
              ...(lbMode.cell.differs === undefined ? {} : { differs: lbMode.cell.differs }),
            }
            : {}),
        },
      }
      : {}),
    ...(origin ? { origin } : {}),
    inputs,
  };
}

function relative(path: string, base: string | undefined): string {
  if (base === undefined) return path;
  const prefix = base.endsWith("/") ? base : `${base}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** A value on one line, as JSON (Ansible's output format). */
function inline(value: PyValue | undefined): string {
  return value === undefined ? "undefined" : dumpJson(value, { indent: null, sortKeys: false });
}

const SOURCE_TEXT: Record<ReasonInput["source"], string> = {
  inventory: "inventory",
  default: "Kubespray default",
  groups: "groups",
  gathered: "gathered fact, known at run time",
  runtime: "template, known at run time",
  undefined: "undefined",
};

const COLUMN_TEXT: Record<string, string> = {
  master: "kube-master column",
  nonMaster: "non-master column",
  adminConf: "admin.conf (not in the document's table)",
};

function originText(origin: ExplainedOrigin | undefined): string {
  if (origin === undefined) return "";
  return origin.location === undefined
    ? `, from ${origin.layer}`
    : `, from ${origin.layer} at ${origin.location}`;
}

/**
 * An explanation as text for people.
 *
 * @example
 * ```text
 * kube_apiserver_endpoint = "https://localhost:6443"
 *   rule     endpoint:nginx-localhost: a non-master with the localhost load balancer ...
 *   LB mode  local ("Local LB (default)", non-master column): the doc says https://lc:nsp, the code takes nginx-localhost
 *   inputs   is_kube_master = false (Kubespray default)
 *            ...
 * ```
 */
export function renderExplainText(explanation: Explanation): string {
  const out: string[] = [];
  const { variable } = explanation;
  if (variable !== undefined) {
    out.push(`${explanation.host}: ${variable.name} = ${inline(variable.value)}`);
    out.push(
      `  not a Kubespray fact: an inventory variable${originText(variable.origin)}`,
    );
    return out.join("\n");
  }
  out.push(`${explanation.host}: Kubespray facts at d39a88d63f`);
  for (const fact of explanation.facts) {
    out.push("");
    out.push(`${fact.name} = ${inline(fact.value)}`);
    out.push(`  rule     ${fact.rule}: ${fact.text}${originText(fact.origin)}`);
    const mode = fact.lbMode;
    if (mode !== undefined) {
      const column = COLUMN_TEXT[mode.column] ?? mode.column;
      out.push(
        mode.id === undefined
          ? `  LB mode  decided at run time (${column})`
          : `  LB mode  ${mode.id} ("${mode.docRow}", ${column}): the doc says ${mode.doc}, the code takes ${mode.rule}`,
      );
      if (mode.differs !== undefined) out.push(`           differs: ${mode.differs}`);
    }
    if (fact.waitsFor.length > 0) {
      out.push(
        `  waits    for ${fact.waitsFor.join(", ")} (the value is a template Ansible evaluates)`,
      );
    }
    fact.inputs.forEach((input, i) => {
      const head = i === 0 ? "  inputs   " : "           ";
      if (input.source === "undefined") {
        out.push(`${head}${input.name} (undefined, skipped)`);
        return;
      }
      const value = input.value === undefined ? "" : ` = ${inline(input.value)}`;
      const mark = input.chosen ? "  <- taken" : "";
      out.push(
        `${head}${input.name}${value} (${SOURCE_TEXT[input.source]}${
          originText(input.origin)
        })${mark}`,
      );
    });
  }
  return out.join("\n");
}

/** An explanation as JSON for tools (values typed as Ansible's JSON prints them). */
export function renderExplainJson(explanation: Explanation): string {
  const doc: PyDict = new Map<PyKey, PyValue>([["host", explanation.host]]);
  if (explanation.variable !== undefined) {
    const { name, value, origin } = explanation.variable;
    doc.set("variable", dict({ name, value, origin: origin ? originDict(origin) : undefined }));
  }
  doc.set(
    "facts",
    explanation.facts.map((fact) =>
      dict({
        name: fact.name,
        value: fact.value,
        defined: fact.value !== undefined,
        rule: fact.rule,
        text: fact.text,
        fromInventory: fact.fromInventory,
        waitsFor: [...fact.waitsFor],
        lbMode: fact.lbMode
          ? dict({
            id: fact.lbMode.id ?? null,
            docRow: fact.lbMode.docRow,
            column: fact.lbMode.column,
            doc: fact.lbMode.doc,
            rule: fact.lbMode.rule,
            differs: fact.lbMode.differs,
          })
          : undefined,
        origin: fact.origin ? originDict(fact.origin) : undefined,
        inputs: fact.inputs.map((input) =>
          dict({
            name: input.name,
            source: input.source,
            value: input.value,
            origin: input.origin ? originDict(input.origin) : undefined,
            chosen: input.chosen,
          })
        ),
      })
    ),
  );
  return dumpJson(doc, { sortKeys: false, indent: 2 });
}

function originDict(origin: ExplainedOrigin): PyDict {
  return dict({ layer: origin.layer, location: origin.location });
}

/** A mapping without the undefined entries. */
function dict(entries: Record<string, PyValue | undefined>): PyDict {
  const out: PyDict = new Map();
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out.set(key, value);
  return out;
}
