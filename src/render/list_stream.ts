/**
 * `--list` as UTF-8 pieces: the same bytes as `renderList()` (`list.ts`) gives, made for
 * inventories of tens of thousands of hosts.
 *
 * A 50k-host document with Kubespray's facts is over 100 MB. Built as one string it is a
 * rope of millions of pieces, then a flat copy, then an encoded copy. Here the document
 * is made in two passes:
 *
 * 1. every host's variables are gathered and every value that could fail to print (a
 *    dict whose keys Python cannot sort, an int too long for Python to print) is printed
 *    now, so that nothing can fail once output has begun;
 * 2. the text is made and encoded in batches as the caller asks for the pieces, so a
 *    caller that writes each piece at once holds about one batch of output at a time.
 *
 * Most of a host's variables come from its groups and from facts shared by its class of
 * hosts. A host given as {@linkcode HostLayers} is printed from a *plan* shared by every
 * host with the same group layer, the same fact class and the same own variable names:
 * the plan holds the printed text of everything shared, so only the host's own values
 * are printed per host.
 *
 * @module
 */

import { pythonPrintable } from "../cli/output.ts";
import type { Inventory } from "../inventory/model.ts";
import { expandRow, mergeFacts, ownFactSlot } from "../kubespray/facts.ts";
import {
  dumpJsonValue,
  encodeJsonKey,
  encodeJsonString,
  sortPyKeys,
  UnsortableKeysError,
} from "../values/json.ts";
import type { PyDict, PyValue } from "../values/types.ts";
import type { HostLayers } from "../pipeline.ts";
import { buildListDocument, type ListOptions } from "./list.ts";

/** Text is encoded in batches of about this many characters. */
const BATCH = 1 << 16;

const LAYOUT = { sortKeys: true, indent: 4 } as const;
/** Host entries sit at depth 3 of the document; their variables at depth 4. */
const HOST_LEVEL = 3;
const HOST_INDENT = "\n" + " ".repeat(4 * HOST_LEVEL);
const VAR_INDENT = "\n" + " ".repeat(4 * (HOST_LEVEL + 1));

/** Where the value of a variable a plan leaves open comes from, per host. */
type Hole = { readonly own: string } | { readonly slot: number };

/** The printed text of the hosts that share a plan: constant text between holes. */
interface Plan {
  /** `text.length === holes.length + 1`. */
  readonly text: readonly string[];
  readonly holes: readonly Hole[];
}

/** A value already printed (as JSON at the host's variables' depth). */
class Printed {
  constructor(readonly json: string) {}
}

/** What pass 1 keeps per host: a plan and its hole values, or the host's whole text. */
type Row = readonly [Plan, ...(string | Printed)[]] | Printed;

/**
 * The `--list` document (without the final newline) as UTF-8 pieces, byte for byte what
 * `renderList()` prints, lone surrogates printed as `?` as Python does.
 *
 * Everything that can fail fails in this call; the pieces are made as they are iterated
 * (once), so writing each as it comes keeps memory flat.
 *
 * @param inventory the reconciled inventory
 * @param hostNames the hosts whose variables are printed (those in view)
 * @param hostvars a host's variables (a mapping, or layers), asked for once per host, in
 *   output order
 * @param options as for `renderList()`
 * @returns the pieces; `undefined` when some keys cannot be sorted (then
 *   `renderList()` prints the document unsorted, with Ansible's warning)
 * @throws {UnserializableValueError} for a value Ansible cannot print
 */
export function renderListChunks(
  inventory: Inventory,
  hostNames: readonly string[],
  hostvars: (name: string) => PyDict | HostLayers,
  options: ListOptions = {},
): Iterable<Uint8Array> | undefined {
  let head: string[];
  let hosts: string[];
  let rows: Row[];
  try {
    // Groups as renderList lays them out; the hosts' variables are added below.
    const document = buildListDocument(inventory, new Map(), options);
    const inView = new Set(hostNames);
    hosts = sortPyKeys(
      inventory.all.allHosts().map((h) => h.name).filter((n) => inView.has(n)),
    ) as string[];
    head = [];
    for (const key of sortPyKeys(document.keys())) {
      head.push(`${head.length === 0 ? "{" : ","}\n    ${encodeJsonKey(key)}: `);
      head.push(key === "_meta" ? "" : dumpJsonValue(document.get(key)!, 1, LAYOUT));
    }
    const plans = new Map<string, Plan | null>();
    rows = hosts.map((name) => hostRow(hostvars(name), plans));
  } catch (error) {
    if (error instanceof UnsortableKeysError) return undefined;
    throw error;
  }
  return emit(head, hosts, rows);
}

/** Pass 2: the text, encoded batch by batch. */
function* emit(head: string[], hosts: string[], rows: Row[]): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  // Parts joined once per batch: a flat string, which encodes fast (`+=` makes ropes).
  let parts: string[] = [];
  let size = 0;
  const take = () => {
    const text = pythonPrintable(parts.join(""));
    parts = [];
    size = 0;
    return encoder.encode(text);
  };
  for (let i = 0; i < head.length; i += 2) {
    parts.push(head[i]!);
    if (head[i + 1] !== "") {
      parts.push(head[i + 1]!);
      continue;
    }
    // _meta
    parts.push('{\n        "hostvars": {');
    let any = false;
    for (let h = 0; h < hosts.length; h++) {
      const row = rows[h]!;
      if (row instanceof Printed) {
        if (row.json === "") continue;
        parts.push(any ? "," : "", HOST_INDENT, encodeJsonKey(hosts[h]!), ": ", row.json);
        size += row.json.length;
      } else {
        const plan = row[0];
        if (plan.text.length === 1 && plan.text[0] === "") continue;
        parts.push(any ? "," : "", HOST_INDENT, encodeJsonKey(hosts[h]!), ": ", plan.text[0]!);
        for (let k = 1; k < plan.text.length; k++) {
          const value = row[k] as string | Printed;
          const json = typeof value === "string" ? encodeJsonString(value) : value.json;
          parts.push(json, plan.text[k]!);
          size += json.length + plan.text[k]!.length;
        }
        size += plan.text[0]!.length;
      }
      any = true;
      if (size >= BATCH) yield take();
    }
    parts.push(any ? "\n        }\n    }" : "}\n    }");
  }
  parts.push(head.length === 0 ? "{}" : "\n}");
  yield take();
}

/** Pass 1 for one host: its plan and values, or its printed text ("" for no variables). */
function hostRow(vars: PyDict | HostLayers, plans: Map<string, Plan | null>): Row {
  if (vars instanceof Map) return printWhole(vars);
  const key = planKey(vars);
  let plan = key === undefined ? null : plans.get(key);
  if (plan === undefined) {
    plan = makePlan(vars);
    plans.set(key!, plan);
  }
  if (plan === null) return printWhole(merged(vars));
  const row: [Plan, ...(string | Printed)[]] = [plan];
  for (const hole of plan.holes) {
    const value = "own" in hole
      ? (vars.exported ?? vars.own).get(hole.own)!
      : vars.facts!.own![hole.slot]!;
    row.push(typeof value === "string" ? value : new Printed(printValue(value)));
  }
  return row;
}

function printWhole(vars: PyDict): Printed {
  return new Printed(vars.size === 0 ? "" : dumpJsonValue(vars, HOST_LEVEL, LAYOUT));
}

function printValue(value: PyValue): string {
  return dumpJsonValue(value, HOST_LEVEL + 1, LAYOUT);
}

/**
 * Names what decides a host's plan: the group layer, the fact class, and the names of
 * its own variables. `undefined` where a plan does not apply (per-host facts from the
 * full evaluator, whose printing depends on their reasons).
 */
function planKey(vars: HostLayers): string | undefined {
  const facts = vars.facts;
  if (facts !== undefined && facts.own === undefined) return undefined;
  let key = `${vars.groupId}\0${facts === undefined ? "-" : facts.cls.id}`;
  for (const name of vars.own.keys()) {
    if (typeof name !== "string") return undefined;
    key += "\0" + name;
  }
  if (vars.exported === undefined) return key;
  // The facts printed depend on both layers; what else is printed, on these names.
  key += "\0\0export";
  for (const name of vars.exported.keys()) {
    if (typeof name !== "string") return undefined;
    key += "\0" + name;
  }
  return key;
}

/** The plan for hosts like `vars`; `null` when its keys are not all strings. */
function makePlan(vars: HostLayers): Plan | null {
  // name -> the value every host of the plan prints, or where to find the host's own.
  const entries = new Map<string, PyValue | Hole>();
  const holes = new Set<Hole>();
  const printed = vars.exported ?? vars.own;
  for (const [name, value] of vars.exported ? [] : vars.group) {
    if (typeof name !== "string") return null;
    if (!vars.own.has(name)) entries.set(name, value);
  }
  for (const name of printed.keys()) {
    const hole = { own: name as string };
    holes.add(hole);
    entries.set(name as string, hole);
  }
  for (const [name, fact] of vars.facts?.cls.layout ?? []) {
    // The inventory's own value stands (see mergeFacts).
    if (vars.own.has(name) || vars.group.has(name)) continue;
    if (fact === undefined) {
      const hole = { slot: ownFactSlot(name) };
      holes.add(hole);
      entries.set(name, hole);
    } else if (fact.value !== undefined && !fact.reason.fromInventory) {
      entries.set(name, fact.value);
    }
  }
  const text: string[] = [];
  const order: Hole[] = [];
  let current = "";
  let first = true;
  for (const name of sortPyKeys(entries.keys()) as string[]) {
    current += (first ? "{" : ",") + VAR_INDENT + encodeJsonString(name) + ": ";
    first = false;
    const entry = entries.get(name)!;
    if (holes.has(entry as Hole)) {
      text.push(flat(current));
      order.push(entry as Hole);
      current = "";
    } else {
      current += printValue(entry as PyValue);
    }
  }
  text.push(first ? "" : flat(current + HOST_INDENT + "}"));
  return { text, holes: order };
}

/**
 * The same text as one flat string: plan text is copied into every host's output, and V8
 * copies a string built by `+=` (a rope) piece by piece each time. (A slice is taken of a
 * flattened string; joining does not flatten.)
 */
function flat(text: string): string {
  return (" " + text).slice(1);
}

/** The host's variables as one mapping, as `InventoryView.hostVars()` gives them. */
function merged(vars: HostLayers): PyDict {
  const inventory: PyDict = new Map(vars.group);
  for (const [name, value] of vars.own) inventory.set(name, value);
  if (vars.exported === undefined) {
    return vars.facts === undefined ? inventory : mergeFacts(inventory, expandRow(vars.facts));
  }
  const out: PyDict = new Map(vars.exported);
  if (vars.facts === undefined) return out;
  const facts = [...expandRow(vars.facts)].filter(([name]) => !inventory.has(name));
  return mergeFacts(out, new Map(facts));
}
