/**
 * Kubespray's HA endpoint facts at commit d39a88d63f, computed up front for every host.
 *
 * Kubespray defines these facts as role defaults (`roles/kubespray-defaults`), Jinja
 * expressions that Ansible evaluates lazily for each host during a play. This module
 * evaluates the same expressions for a {@linkcode ClusterView} and reports, per host, each
 * fact's value (typed as Ansible types it) and the reason it took that value.
 *
 * ## Precedence
 * Role defaults are Ansible's lowest precedence, so a fact the inventory sets (inline,
 * `[group:vars]`, `group_vars/`, `host_vars/`) wins, and the facts that depend on it use
 * the inventory's value (Jinja evaluates lazily): with `first_kube_master: 10.9.9.9` in the
 * inventory, a non-master without load balancer gets `https://10.9.9.9:6443`. Such facts
 * are reported with `reason.fromInventory` and {@linkcode mergeFacts} leaves them alone.
 *
 * ## Values as Ansible reads them
 * - Jinja truthiness is Python's: the INI string `"false"` is true, so
 *   `loadbalancer_apiserver_localhost=false` in an INI file keeps the nginx proxy (a
 *   warning says so). YAML `false` is a real boolean.
 * - `default()` replaces only undefined variables: `access_ip: ""` gives `https://:2379`.
 * - Inside strings `None` prints as `""`, booleans as `True`/`False`, floats Python's way
 *   (`kube_apiserver_port: 6443.0` gives `https://127.0.0.1:6443.0`).
 * - A template made of one expression is converted back (`ansible_eval_concat`): a number
 *   becomes a string (`kube_apiserver_count` is `"2"`), `"True"`/`"False"` become booleans
 *   (`is_kube_master`), lists and dicts survive.
 * - A value or part of one written `!unsafe` makes the result unsafe, as in Ansible
 *   (Jinja looks up every name a template mentions, so one unsafe input taints the whole
 *   fact, whichever branch prints).
 *
 * ## Values only known at run time
 * Where an address chain ends in the gathered fact `ansible_default_ipv4.address` and the
 * inventory does not give `ansible_default_ipv4`, no address is invented: the fact holds
 * the Jinja text Ansible evaluates when the play runs with facts gathered. For a host
 * `node3` with neither `access_ip` nor `ip`:
 *
 * ```text
 * etcd_address           (on node3)  {{ ansible_default_ipv4.address }}
 * etcd_client_url        (on node3)  https://{{ ansible_default_ipv4.address }}:2379
 * etcd_access_addresses  (any host)  https://1.1.1.1:2379,https://{{ hostvars['node3']['ansible_default_ipv4']['address'] }}:2379
 * ```
 *
 * If the inventory sets `ansible_default_ipv4` (a mapping with `address`) it is used as
 * is. (A play that gathers facts would see the gathered one; the fact this module emits,
 * an inventory variable, outranks Kubespray's default, so the inventory's address wins.)
 * The same hand-over happens when an input is itself a template (`ip: "{{ lookup(...) }}"`)
 * or vaulted: the fact becomes a Jinja expression over that input, written the way
 * Kubespray writes it (the rest of its `default()` chain included), so Ansible resolves it
 * in the right host's context. When a *decision* depends on such an input (say
 * `loadbalancer_apiserver_localhost: "{{ use_nginx }}"`), the whole endpoint becomes a
 * `{% if %}` template generated from the rule table in `lb_modes.ts`. A fact Kubespray
 * itself cannot evaluate (no `kube-master` group, an address chain with nothing defined and
 * a malformed `ansible_default_ipv4`) has `value: undefined` and is not emitted.
 *
 * ## Text that looks like a template
 * Values are never pasted into Jinja text unchecked. A value with a `{` in it is referred
 * to by name (`{{ hostvars['node3']['access_ip'] }}`) instead of being copied into a
 * template, `!unsafe` values are always referred to by name, and a fully computed string
 * that contains `{{`, `{%` or `{#` (only possible from `!unsafe` inputs) is returned as
 * {@linkcode Unsafe}, so that Ansible prints it instead of templating it, exactly as it
 * treats Kubespray's own result. A string input that contains those markers is a template
 * Ansible would evaluate, so it is handed over (see above), never evaluated here.
 *
 * @module
 */

import { isDict, type PyDict, type PyValue, Unsafe, Vault } from "../values/types.ts";
import {
  ACCESS_ADDRESS_CHAIN,
  defaultChainExpr,
  GATHERED_ADDRESS,
  hostExpr,
  OWN_ADDRESS_FACTS,
  pathExpr,
} from "./address.ts";
import { type ClusterView, LayeredVars, type VarsLookup } from "./cluster.ts";
import {
  concatResult,
  containsUnsafe,
  hasJinjaMarker,
  isDynamic,
  isFalseLookingString,
  jinjaTruthy,
  pyStr,
  renderNode,
  singleExpressionResult,
} from "./jinja_values.ts";
import {
  type EndpointRule,
  EXTERNAL_APISERVER_ENDPOINT_RULES,
  findLbMode,
  KUBE_APISERVER_ENDPOINT_RULES,
  type LbMode,
  type LbModeCell,
  type SlotStep,
} from "./lb_modes.ts";

/** The group Kubespray d39a88d63f reads for masters. */
export const MASTER_GROUP = "kube-master";
/** The group Kubespray d39a88d63f reads for etcd members. */
export const ETCD_GROUP = "etcd";

/** The facts of issue 3, in the order of Kubespray's defaults file (plus `etcd_access_endpoint`). */
export const FACT_NAMES: readonly string[] = [
  "is_kube_master",
  "kube_apiserver_count",
  "kube_apiserver_address",
  "kube_apiserver_access_address",
  "first_kube_master",
  "loadbalancer_apiserver_localhost",
  "apiserver_loadbalancer_domain_name",
  "kube_apiserver_endpoint",
  "kube_apiserver_insecure_endpoint",
  "is_etcd_master",
  "etcd_address",
  "etcd_access_address",
  "etcd_peer_url",
  "etcd_client_url",
  "etcd_access_addresses",
  "etcd_member_name",
  "etcd_peer_addresses",
  "etcd_access_endpoint",
];

/**
 * Further role defaults the facts read, emitted when `extras` is on: the ports and the
 * insecure bind address of `kubespray-defaults`, and `external_apiserver_endpoint`
 * (`kube-master` hosts only).
 */
export const EXTRA_FACT_NAMES: readonly string[] = [
  "kube_apiserver_port",
  "kube_apiserver_insecure_bind_address",
  "kube_apiserver_insecure_port",
  "external_apiserver_endpoint",
];

/** Plain role defaults (YAML literals: the int stays an int). */
const CONSTANT_DEFAULTS: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  ["apiserver_loadbalancer_domain_name", "lb-apiserver.kubernetes.local"],
  ["kube_apiserver_port", 6443],
  ["kube_apiserver_insecure_bind_address", "127.0.0.1"],
  ["kube_apiserver_insecure_port", 8080],
]);

/** What `etcd_access_endpoint` is when `etcd_multiaccess` is false (kubespray-facts.md §2.4). */
export const ETCD_LOCAL_ENDPOINT = "https://127.0.0.1:2379";

/**
 * The names each Kubespray template mentions. Jinja looks all of them up before it
 * prints anything, so an unsafe value among them makes the result unsafe.
 */
const MENTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ["kube_apiserver_address", ["ip", "ansible_default_ipv4"]],
  ["kube_apiserver_access_address", ["access_ip", "kube_apiserver_address"]],
  ["etcd_address", ["ip", "ansible_default_ipv4"]],
  ["etcd_access_address", ["access_ip", "etcd_address"]],
  ["etcd_peer_url", ["etcd_access_address"]],
  ["etcd_client_url", ["etcd_access_address"]],
  ["loadbalancer_apiserver_localhost", ["loadbalancer_apiserver"]],
  ["kube_apiserver_endpoint", [
    "is_kube_master",
    "loadbalancer_apiserver_localhost",
    "nginx_kube_apiserver_port",
    "kube_apiserver_port",
    "loadbalancer_apiserver",
    "apiserver_loadbalancer_domain_name",
    "first_kube_master",
  ]],
  ["kube_apiserver_insecure_endpoint", [
    "kube_apiserver_insecure_bind_address",
    "kube_apiserver_insecure_port",
  ]],
  ["etcd_access_endpoint", ["etcd_access_addresses", "etcd_multiaccess"]],
  ["external_apiserver_endpoint", [
    "loadbalancer_apiserver",
    "apiserver_loadbalancer_domain_name",
    "kube_apiserver_port",
  ]],
]);

/** Where an input's value came from. */
export type InputSource =
  | "inventory" // an inventory variable
  | "default" // a Kubespray default (computed by this module)
  | "groups" // Ansible's groups
  | "gathered" // a gathered fact: only known at run time
  | "runtime" // a template or vaulted value: only known at run time
  | "undefined"; // not defined

/** One input a fact was computed from. */
export interface ReasonInput {
  /** The variable as Jinja names it, e.g. `access_ip` or `hostvars['node1']['ip']`. */
  readonly name: string;
  /** Where the value came from. */
  readonly source: InputSource;
  /** The value used, when known (inventory and computed defaults). */
  readonly value?: PyValue;
}

/** The LB-mode table cell that decided an endpoint. */
export interface LbModeReason {
  /** The row of `LB_MODES`, or undefined when the inputs that select it are not known. */
  readonly mode: LbMode | undefined;
  /** The column: the fact and the host's role. */
  readonly column: "master" | "nonMaster" | "adminConf";
  /** The cell, when the row is known. */
  readonly cell: LbModeCell | undefined;
}

/** Why a fact has its value. */
export interface Reason {
  /**
   * The rule: `inventory` (set by the inventory), `group-membership`, `group-size`,
   * `address-chain`, `first-master`, `lb-localhost-default`, `constant`,
   * `endpoint:<rule id>` (a row of the endpoint rule tables), `endpoint:template`,
   * `insecure-endpoint`, `etcd-url`, `etcd-members`, `etcd-member-index`,
   * `etcd-multiaccess`, or `undefined` (Kubespray itself cannot evaluate it).
   */
  readonly rule: string;
  /** One sentence for humans. */
  readonly text: string;
  /** The inputs read, in evaluation order. */
  readonly inputs: readonly ReasonInput[];
  /** True when the inventory sets the fact, so Kubespray's default was not applied. */
  readonly fromInventory: boolean;
  /** Run-time inputs the value waits for; non-empty means the value is a Jinja template. */
  readonly waitsFor: readonly string[];
  /** For `kube_apiserver_endpoint` and `external_apiserver_endpoint`: the LB-mode cell. */
  readonly lbMode?: LbModeReason;
}

/**
 * One fact of one host. Hosts with the same role and the same inputs share their Fact
 * objects (treat them as immutable), and the reason of a plain own-address fact is
 * computed when first read.
 */
export interface Fact {
  /** The value as Ansible would type it; undefined when Kubespray cannot evaluate it. */
  readonly value: PyValue | undefined;
  /** Why. */
  readonly reason: Reason;
}

/** A problem that concerns one or more hosts. */
export interface FactWarning {
  /**
   * `truthy-string` (a string such as "false" that Jinja treats as true),
   * `lb-with-localhost` (external LB plus an explicit localhost LB: nginx wins),
   * `lb-without-port` (external LB without port: non-masters bypass it),
   * `bind-address` (a master's API server not bound to 0.0.0.0: its 127.0.0.1 endpoint
   * has nothing listening), `missing-group`, `empty-group`.
   */
  readonly code: string;
  /** What happens, in a sentence. */
  readonly message: string;
  /** The hosts concerned, in inventory order (empty for cluster-wide problems). */
  readonly hosts: readonly string[];
}

/** Options of {@linkcode computeFacts}. */
export interface ComputeFactsOptions {
  /** Also report {@linkcode EXTRA_FACT_NAMES}. @default {true} */
  readonly extras?: boolean;
}

/** The result of {@linkcode computeFacts}. */
export interface KubesprayFacts {
  /** Host -> fact name -> fact, hosts in the order of `hostvars`, facts in {@linkcode FACT_NAMES} order. */
  readonly facts: FactTable;
  /** Problems found, each once, with the hosts concerned. */
  readonly warnings: readonly FactWarning[];
}

// ---------------------------------------------------------------------------------------
// Terms: an input's value as known now, or the Jinja expression that gives it at run time.

interface Known {
  readonly kind: "known";
  readonly value: PyValue;
  /** A Jinja expression that gives this value in the host's context (used when it cannot be pasted). */
  readonly ref: string;
  readonly input: ReasonInput;
}

interface Deferred {
  readonly kind: "deferred";
  /** The Jinja expression Ansible must evaluate. */
  readonly expr: string;
  /** True for a template/vaulted input (its chain tail must go along); false for gathered facts and facts. */
  readonly dynamic: boolean;
  readonly waits: readonly string[];
  readonly input: ReasonInput;
}

interface Missing {
  readonly kind: "undefined";
  readonly input: ReasonInput;
}

type Term = Known | Deferred | Missing;

/** A computed value: known, a template for Ansible, or undefined. */
type Outcome =
  | { readonly kind: "value"; readonly value: PyValue }
  | { readonly kind: "template"; readonly text: string; readonly waits: readonly string[] }
  | { readonly kind: "undefined" };

const UNDEFINED_OUTCOME: Outcome = { kind: "undefined" };

function known(value: PyValue, ref: string, name: string, source: InputSource): Known {
  return { kind: "known", value, ref, input: { name, source, value } };
}

function missing(name: string): Missing {
  return { kind: "undefined", input: { name, source: "undefined" } };
}

/** An inventory value as a term: known, or handed to Ansible when it is a template. */
function inventoryTerm(value: PyValue, ref: string): Known | Deferred {
  if (isDynamic(value)) {
    return {
      kind: "deferred",
      expr: ref,
      dynamic: true,
      waits: [ref],
      input: { name: ref, source: "runtime", value },
    };
  }
  return known(value, ref, ref, "inventory");
}

function gatheredTerm(expr: string): Deferred {
  return {
    kind: "deferred",
    expr,
    dynamic: false,
    waits: [expr],
    input: { name: expr, source: "gathered" },
  };
}

/** Reads `.key` of a term, as Jinja's `x.key` does on a dict (anything else: undefined). */
function attribute(term: Term, key: string, ref: string): Term {
  if (term.kind === "undefined") return missing(ref);
  if (term.kind === "deferred") return { ...term, expr: ref, waits: [ref] };
  const value = term.value;
  if (value instanceof Vault) return inventoryTerm(value, ref);
  if (!isDict(value) || !value.has(key)) return missing(ref);
  const item = value.get(key) ?? null;
  return term.input.source === "inventory"
    ? inventoryTerm(item, ref)
    : known(item, ref, ref, term.input.source);
}

/** Prints `{{ expr }}`. */
function exprText(expr: string): string {
  return `{{ ${expr} }}`;
}

/**
 * A template of literal text and terms. Fully known: the text, converted as Ansible
 * converts a finished template. Otherwise: Jinja text for Ansible, with known values
 * pasted only when they are plain text without `{`.
 */
function compose(parts: readonly (string | Term)[], tainted: boolean): Outcome {
  let text = "";
  let unsafe = tainted;
  let complete = true;
  for (const part of parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    if (part.kind === "undefined") return UNDEFINED_OUTCOME;
    if (part.kind === "deferred") {
      complete = false;
      continue;
    }
    const rendered = renderNode(part.value);
    if (rendered === undefined) complete = false;
    else text += rendered;
    if (containsUnsafe(part.value)) unsafe = true;
  }
  if (complete) {
    const value = concatResult(text, unsafe);
    if (value !== undefined) return { kind: "value", value: protect(value) };
  }
  let template = "";
  const waits: string[] = [];
  for (const part of parts) {
    if (typeof part === "string") template += part;
    else if (part.kind === "deferred") {
      template += exprText(part.expr);
      waits.push(...part.waits);
    } else if (part.kind === "known") {
      const rendered = renderNode(part.value);
      const pasteable = rendered !== undefined && !rendered.includes("{") &&
        !containsUnsafe(part.value);
      if (pasteable) template += rendered;
      else {
        template += exprText(part.ref);
        waits.push(part.ref);
      }
    }
  }
  return { kind: "template", text: template, waits };
}

/** The outcome of a template made of one expression. */
function single(term: Term, tainted: boolean): Outcome {
  if (term.kind === "undefined") return UNDEFINED_OUTCOME;
  if (term.kind === "deferred") {
    return { kind: "template", text: exprText(term.expr), waits: term.waits };
  }
  const value = singleExpressionResult(term.value, tainted);
  // Python would have to convert the value (ast.literal_eval): Ansible does it.
  if (value === undefined) return { kind: "template", text: exprText(term.ref), waits: [term.ref] };
  return { kind: "value", value: protect(value) };
}

/** A finished string that contains Jinja markers is marked unsafe, so Ansible prints it as is. */
function protect(value: PyValue): PyValue {
  return typeof value === "string" && hasJinjaMarker(value) ? new Unsafe(value) : value;
}

function outcomeValue(outcome: Outcome): PyValue | undefined {
  if (outcome.kind === "value") return outcome.value;
  if (outcome.kind === "template") return outcome.text;
  return undefined;
}

function outcomeWaits(outcome: Outcome): readonly string[] {
  return outcome.kind === "template" ? outcome.waits : [];
}

function describe(value: PyValue | undefined): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Unsafe) return `!unsafe ${JSON.stringify(value.value)}`;
  const text = pyStr(value);
  return text ??
    (Array.isArray(value) ? "a list" : isDict(value) ? "a mapping" : "a vaulted value");
}

// ---------------------------------------------------------------------------------------
// Cluster-wide values, computed once.

/** What one address chain of another host gave, with the steps tried. */
interface ChainResult {
  readonly term: Term;
  readonly tried: readonly ReasonInput[];
}

/** `addr(h)`: the access chain read through `hostvars[h]`. */
function crossHostChain(vars: VarsLookup | undefined, host: string): ChainResult {
  const tried: ReasonInput[] = [];
  const steps = ACCESS_ADDRESS_CHAIN.map((path) => pathExpr(path, host));
  for (let i = 0; i < ACCESS_ADDRESS_CHAIN.length; i++) {
    const path = ACCESS_ADDRESS_CHAIN[i] ?? "";
    const ref = steps[i] ?? "";
    const [head = "", key] = path.split(".");
    let term: Term;
    if (vars?.has(head)) {
      const top = inventoryTerm(vars.get(head) ?? null, pathExpr(head, host));
      term = key === undefined ? top : attribute(top, key, ref);
    } else if (path === GATHERED_ADDRESS) {
      term = gatheredTerm(ref);
    } else {
      term = missing(ref);
    }
    tried.push(term.input);
    if (term.kind === "undefined") continue;
    if (term.kind === "deferred" && term.dynamic) {
      const expr = defaultChainExpr(steps.slice(i));
      return { term: { ...term, expr }, tried };
    }
    return { term, tried };
  }
  return { term: missing(steps[0] ?? ""), tried };
}

interface Shared {
  readonly masters: readonly string[] | undefined;
  readonly masterSet: ReadonlySet<string>;
  readonly etcd: readonly string[] | undefined;
  readonly etcdIndex: ReadonlyMap<string, number>;
  /** `addr(kube-master[0])`, or undefined without masters. */
  readonly firstMaster: ChainResult | undefined;
  readonly firstKubeMaster: Fact;
  readonly kubeApiserverCount: Fact;
  readonly etcdAccessAddresses: Fact;
  readonly etcdPeerAddresses: Fact;
}

function undefinedFact(text: string, inputs: readonly ReasonInput[]): Fact {
  return {
    value: undefined,
    reason: { rule: "undefined", text, inputs, fromInventory: false, waitsFor: [] },
  };
}

function outcomeFact(
  outcome: Outcome,
  rule: string,
  text: string,
  inputs: readonly ReasonInput[],
  extra: Partial<Pick<Reason, "lbMode">> = {},
): Fact {
  if (outcome.kind === "undefined") {
    return {
      value: undefined,
      reason: {
        rule: "undefined",
        text: `Kubespray cannot evaluate it: ${text}`,
        inputs,
        fromInventory: false,
        waitsFor: [],
        ...extra,
      },
    };
  }
  return {
    value: outcomeValue(outcome),
    reason: { rule, text, inputs, fromInventory: false, waitsFor: outcomeWaits(outcome), ...extra },
  };
}

function etcdList(
  view: ClusterView,
  etcd: readonly string[],
  item: (index: number, address: Term) => (string | Term)[],
  port: string,
): Fact {
  const parts: (string | Term)[] = [];
  const inputs: ReasonInput[] = [{
    name: `groups['${ETCD_GROUP}']`,
    source: "groups",
    value: [...etcd],
  }];
  etcd.forEach((host, index) => {
    const chain = crossHostChain(view.hostvars.get(host), hostExpr(host, ETCD_GROUP, index));
    inputs.push(...chain.tried);
    if (index > 0) parts.push(",");
    parts.push(...item(index, chain.term));
  });
  return outcomeFact(
    compose(parts, false),
    "etcd-members",
    `every etcd member's access address (access_ip, else ip, else ansible_default_ipv4.address) on port ${port}, in group order`,
    inputs,
  );
}

function computeShared(view: ClusterView): Shared {
  const masters = view.groups.get(MASTER_GROUP);
  const etcd = view.groups.get(ETCD_GROUP);
  const mastersInput: ReasonInput = masters === undefined
    ? { name: `groups['${MASTER_GROUP}']`, source: "undefined" }
    : { name: `groups['${MASTER_GROUP}']`, source: "groups", value: [...masters] };
  const firstHost = masters?.[0];
  const firstMaster = firstHost === undefined
    ? undefined
    : crossHostChain(view.hostvars.get(firstHost), hostExpr(firstHost, MASTER_GROUP, 0));
  const firstKubeMaster = firstMaster === undefined
    ? undefinedFact(
      masters === undefined
        ? `group "${MASTER_GROUP}" is not defined`
        : `group "${MASTER_GROUP}" has no hosts`,
      [mastersInput],
    )
    : outcomeFact(
      single(firstMaster.term, false),
      "first-master",
      `the access address of ${firstHost}, the first host of "${MASTER_GROUP}" (access_ip, else ip, else ansible_default_ipv4.address)`,
      [mastersInput, ...firstMaster.tried],
    );
  const kubeApiserverCount = masters === undefined
    ? undefinedFact(`group "${MASTER_GROUP}" is not defined`, [mastersInput])
    : {
      value: String(masters.length),
      reason: {
        rule: "group-size",
        text: `the number of hosts in "${MASTER_GROUP}", as a string (Jinja prints the number)`,
        inputs: [mastersInput],
        fromInventory: false,
        waitsFor: [],
      },
    };
  const noEtcd = undefinedFact(`group "${ETCD_GROUP}" is not defined`, [{
    name: `groups['${ETCD_GROUP}']`,
    source: "undefined",
  }]);
  return {
    masters,
    masterSet: new Set(masters ?? []),
    etcd,
    etcdIndex: new Map((etcd ?? []).map((host, i) => [host, i])),
    firstMaster,
    firstKubeMaster,
    kubeApiserverCount,
    etcdAccessAddresses: etcd === undefined
      ? noEtcd
      : etcdList(view, etcd, (_, address) => ["https://", address, ":2379"], "2379"),
    etcdPeerAddresses: etcd === undefined
      ? noEtcd
      : etcdList(view, etcd, (i, address) => [`etcd${i + 1}=https://`, address, ":2380"], "2380"),
  };
}

// ---------------------------------------------------------------------------------------
// Warnings, collected once per problem.

interface WarningEntry {
  code: string;
  message: string;
  hosts: string[];
}

class Warnings {
  readonly #byKey = new Map<string, WarningEntry>();
  /** The entries added since {@linkcode startTrace}, to replay for hosts that share facts. */
  #trace: WarningEntry[] | undefined;

  add(code: string, key: string, message: string, host?: string): void {
    let entry = this.#byKey.get(`${code}\0${key}`);
    if (entry === undefined) {
      entry = { code, message, hosts: [] };
      this.#byKey.set(`${code}\0${key}`, entry);
    }
    if (host !== undefined) {
      this.#trace?.push(entry);
      if (entry.hosts[entry.hosts.length - 1] !== host) entry.hosts.push(host);
    }
  }

  startTrace(): void {
    this.#trace = [];
  }

  stopTrace(): WarningEntry[] {
    const trace = this.#trace ?? [];
    this.#trace = undefined;
    return trace;
  }

  /** Adds `host` to warnings a host of the same class raised. */
  replay(trace: readonly WarningEntry[], host: string): void {
    for (const entry of trace) {
      if (entry.hosts[entry.hosts.length - 1] !== host) entry.hosts.push(host);
    }
  }

  list(): FactWarning[] {
    return [...this.#byKey.values()];
  }
}

// ---------------------------------------------------------------------------------------
// One host.

type Condition = "true" | "false" | "unknown" | "undefined";

/** The facts of one host, evaluated on demand (a fact may read other facts). */
class HostFacts {
  readonly #host: string;
  readonly #vars: VarsLookup;
  readonly #shared: Shared;
  readonly #warnings: Warnings;
  readonly #memo = new Map<string, Fact>();

  constructor(host: string, vars: VarsLookup, shared: Shared, warnings: Warnings) {
    this.#host = host;
    this.#vars = vars;
    this.#shared = shared;
    this.#warnings = warnings;
  }

  /** The fact as reported: the inventory's value if it sets the name, else the computed default. */
  fact(name: string): Fact {
    let fact = this.#memo.get(name);
    if (fact === undefined) {
      if (this.#vars.has(name)) {
        const value = this.#vars.get(name) ?? null;
        fact = {
          value,
          reason: {
            rule: "inventory",
            text: `set by the inventory (${
              describe(value)
            }), which outranks Kubespray's role default`,
            inputs: [{ name, source: "inventory", value }],
            fromInventory: true,
            waitsFor: isDynamic(value) ? [name] : [],
          },
        };
      } else {
        fact = this.#compute(name);
      }
      this.#memo.set(name, fact);
    }
    return fact;
  }

  /** A variable of this host as other expressions see it (inventory first, then the default). */
  lookup(name: string): Term {
    if (this.#vars.has(name)) return inventoryTerm(this.#vars.get(name) ?? null, name);
    if (name === "ansible_default_ipv4") return gatheredTerm(name);
    if (!KNOWN_FACTS.has(name)) return missing(name);
    if (name === "external_apiserver_endpoint" && !this.#shared.masterSet.has(this.#host)) {
      return missing(name);
    }
    const fact = this.fact(name);
    if (fact.value === undefined) return missing(name);
    if (fact.reason.waitsFor.length === 0) return known(fact.value, name, name, "default");
    // A computed template: an address chain that ends in a gathered fact passes its
    // expression on (so dependents read `https://{{ ansible_default_ipv4.address }}:2380`);
    // anything else is referred to by the fact's name.
    const text = typeof fact.value === "string" ? fact.value : "";
    const inner =
      /^\{\{ (ansible_default_ipv4\.address|hostvars\['[^'\\]*'\]\['ansible_default_ipv4'\]\['address'\]) \}\}$/
        .exec(text);
    return {
      kind: "deferred",
      expr: inner?.[1] ?? name,
      dynamic: false,
      waits: fact.reason.waitsFor,
      input: { name, source: "default", value: fact.value },
    };
  }

  /** A dotted path (`loadbalancer_apiserver.port`, `ansible_default_ipv4.address`). */
  path(path: string): Term {
    const [head = "", ...keys] = path.split(".");
    let term = this.lookup(head);
    if (term.kind === "deferred" && !term.dynamic && head === "ansible_default_ipv4") {
      return gatheredTerm(path);
    }
    let ref = head;
    for (const key of keys) {
      ref = `${ref}.${key}`;
      term = attribute(term, key, ref);
    }
    return term;
  }

  /** `a | default(b | default(c))` over own variables: the first defined step. */
  chain(steps: readonly SlotStep[]): { term: Term; tried: ReasonInput[] } {
    const tried: ReasonInput[] = [];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as SlotStep;
      const term = this.#step(step);
      tried.push(term.input);
      if (term.kind === "undefined") continue;
      if (term.kind === "deferred" && term.dynamic && i < steps.length - 1) {
        return { term: { ...term, expr: defaultChainExpr(steps.slice(i).map(stepExpr)) }, tried };
      }
      return { term, tried };
    }
    return { term: missing(stepExpr(steps[0] ?? "")), tried };
  }

  #step(step: SlotStep): Term {
    if (typeof step === "string") return this.path(step);
    if ("literal" in step) {
      return known(step.literal, `'${step.literal}'`, `'${step.literal}'`, "default");
    }
    return this.#shared.firstMaster?.term ?? missing("first kube-master address");
  }

  /** True when any name the template mentions holds an unsafe value. */
  #tainted(fact: string): boolean {
    for (const name of MENTIONS.get(fact) ?? []) {
      const term = this.lookup(name);
      if (term.kind === "known" && containsUnsafe(term.value)) return true;
    }
    return false;
  }

  #truth(path: string, inputs: ReasonInput[]): Condition {
    const term = this.path(path);
    inputs.push(term.input);
    if (term.kind === "undefined") return "undefined";
    if (term.kind === "deferred") return "unknown";
    const truthy = jinjaTruthy(term.value);
    if (truthy === undefined) return "unknown";
    if (term.input.source === "inventory" && isFalseLookingString(term.value)) {
      this.#warnings.add(
        "truthy-string",
        `${path}\0${describe(term.value)}`,
        `${path} is the string ${
          describe(term.value)
        }, which Jinja treats as true; write a real boolean (YAML false, INI False) if false is meant`,
        this.#host,
      );
    }
    return truthy ? "true" : "false";
  }

  #defined(path: string, inputs: ReasonInput[]): Condition {
    const term = this.path(path);
    inputs.push(term.input);
    if (term.kind === "undefined") return "false";
    if (term.kind === "deferred" && term.dynamic) return "unknown";
    return "true";
  }

  #condition(test: "truthy" | "falsy" | "defined", path: string, inputs: ReasonInput[]): Condition {
    if (test === "defined") return this.#defined(path, inputs);
    const truth = this.#truth(path, inputs);
    if (test === "truthy" || truth === "unknown" || truth === "undefined") return truth;
    return truth === "true" ? "false" : "true";
  }

  #compute(name: string): Fact {
    const chain = OWN_ADDRESS_FACTS.get(name);
    if (chain !== undefined) return this.#addressFact(name, chain);
    switch (name) {
      case "is_kube_master":
        return this.#membership(name, MASTER_GROUP, this.#shared.masters, this.#shared.masterSet);
      case "is_etcd_master":
        return this.#membership(name, ETCD_GROUP, this.#shared.etcd, this.#shared.etcdIndex);
      case "kube_apiserver_count":
        return this.#shared.kubeApiserverCount;
      case "first_kube_master":
        return this.#shared.firstKubeMaster;
      case "etcd_access_addresses":
        return this.#shared.etcdAccessAddresses;
      case "etcd_peer_addresses":
        return this.#shared.etcdPeerAddresses;
      case "loadbalancer_apiserver_localhost":
        return this.#localhostDefault();
      case "kube_apiserver_endpoint":
        return this.#endpoint(name, KUBE_APISERVER_ENDPOINT_RULES);
      case "external_apiserver_endpoint":
        return this.#endpoint(name, EXTERNAL_APISERVER_ENDPOINT_RULES);
      case "kube_apiserver_insecure_endpoint":
        return this.#insecureEndpoint();
      case "etcd_peer_url":
      case "etcd_client_url":
        return this.#etcdUrl(name);
      case "etcd_member_name":
        return this.#memberName();
      case "etcd_access_endpoint":
        return this.#etcdAccessEndpoint();
    }
    const constant = CONSTANT_DEFAULTS.get(name);
    if (constant !== undefined) {
      return {
        value: constant,
        reason: {
          rule: "constant",
          text: `Kubespray's role default ${describe(constant)}`,
          inputs: [],
          fromInventory: false,
          waitsFor: [],
        },
      };
    }
    // Only names of KNOWN_FACTS reach here.
    throw new Error(`Unknown Kubespray fact "${name}"`);
  }

  #membership(
    name: string,
    group: string,
    members: readonly string[] | undefined,
    set: { has(host: string): boolean },
  ): Fact {
    if (members === undefined) {
      return undefinedFact(`group "${group}" is not defined, so Kubespray fails on ${name}`, [{
        name: `groups['${group}']`,
        source: "undefined",
      }]);
    }
    const member = set.has(this.#host);
    return {
      value: member,
      reason: {
        rule: "group-membership",
        text: `${member ? "in" : "not in"} group "${group}"`,
        inputs: [{ name: `groups['${group}']`, source: "groups", value: [...members] }],
        fromInventory: false,
        waitsFor: [],
      },
    };
  }

  #addressFact(name: string, steps: readonly string[]): Fact {
    const { term, tried } = this.chain(steps);
    const chosen = term.kind === "undefined" ? "nothing is defined" : `uses ${term.input.name}`;
    return outcomeFact(
      single(term, this.#tainted(name)),
      "address-chain",
      `first defined of ${steps.join(", ")}: ${chosen}`,
      tried,
    );
  }

  #localhostDefault(): Fact {
    const inputs: ReasonInput[] = [];
    const defined = this.#defined("loadbalancer_apiserver", inputs);
    if (defined === "unknown") {
      return outcomeFact(
        {
          kind: "template",
          text: exprText("loadbalancer_apiserver is not defined"),
          waits: ["loadbalancer_apiserver"],
        },
        "lb-localhost-default",
        "true when loadbalancer_apiserver is not defined (decided at run time)",
        inputs,
      );
    }
    const value = defined === "false";
    return {
      value,
      reason: {
        rule: "lb-localhost-default",
        text: value
          ? "loadbalancer_apiserver is not defined, so the localhost (nginx) load balancer is on"
          : "loadbalancer_apiserver is defined, so the localhost (nginx) load balancer is off",
        inputs,
        fromInventory: false,
        waitsFor: [],
      },
    };
  }

  #lbMode(column: LbModeReason["column"]): LbModeReason {
    const inputs: ReasonInput[] = [];
    const localhost = this.#truthQuiet("loadbalancer_apiserver_localhost");
    const lb = this.#defined("loadbalancer_apiserver", inputs);
    const port = this.#defined("loadbalancer_apiserver.port", inputs);
    if (localhost === undefined || lb === "unknown" || port === "unknown") {
      return { mode: undefined, column, cell: undefined };
    }
    const mode = findLbMode(
      localhost,
      lb === "false" ? "undefined" : port === "true" ? "port" : "no-port",
    );
    return { mode, column, cell: mode[column] };
  }

  /** Truthiness without warnings or inputs (for classifying the LB mode). */
  #truthQuiet(path: string): boolean | undefined {
    const term = this.path(path);
    return term.kind === "known" ? jinjaTruthy(term.value) : undefined;
  }

  #endpoint(name: string, rules: readonly EndpointRule[]): Fact {
    const inputs: ReasonInput[] = [];
    const isExternal = name === "external_apiserver_endpoint";
    if (!isExternal && this.#shared.masters === undefined) {
      return undefinedFact(
        `group "${MASTER_GROUP}" is not defined, so is_kube_master is undefined`,
        [{
          name: `groups['${MASTER_GROUP}']`,
          source: "undefined",
        }],
      );
    }
    for (const rule of rules) {
      let holds = true;
      for (const condition of rule.when) {
        const result = this.#condition(condition.test, condition.path, inputs);
        if (result === "false") {
          holds = false;
          break;
        }
        if (result === "unknown") return this.#endpointTemplate(rules, inputs, isExternal);
        if (result === "undefined") {
          return undefinedFact(`${condition.path} is undefined`, inputs);
        }
      }
      if (!holds) continue;
      const parts: (string | Term)[] = [];
      for (const part of rule.url) {
        if (typeof part === "string") parts.push(part);
        else {
          const { term, tried } = this.chain(part.slot);
          inputs.push(...tried);
          parts.push(term);
        }
      }
      const master = isExternal || this.#truthQuiet("is_kube_master") === true;
      const lbMode = this.#lbMode(isExternal ? "adminConf" : master ? "master" : "nonMaster");
      const row = lbMode.mode === undefined ? "" : ` (LB mode "${lbMode.mode.id}")`;
      this.#warnAboutMode(lbMode, isExternal);
      return outcomeFact(
        compose(parts, this.#tainted(name)),
        `endpoint:${rule.id}`,
        `${rule.summary}${row}`,
        inputs,
        { lbMode },
      );
    }
    // The last rule of each table has no condition.
    throw new Error(`No endpoint rule matched for ${name}`);
  }

  #warnAboutMode(lbMode: LbModeReason, isExternal: boolean): void {
    if (isExternal || lbMode.mode === undefined || lbMode.column !== "nonMaster") return;
    const id = lbMode.mode.id;
    if (id === "local-with-lb" || id === "local-with-lb-no-port") {
      this.#warnings.add(
        "lb-with-localhost",
        "",
        "loadbalancer_apiserver is defined but loadbalancer_apiserver_localhost is true: non-masters use the local nginx proxy, not the external load balancer",
        this.#host,
      );
    }
    if (id === "external-no-port") {
      this.#warnings.add(
        "lb-without-port",
        "",
        "loadbalancer_apiserver has no port: non-masters talk straight to the first master, not to the load balancer",
        this.#host,
      );
    }
  }

  /** The rule table as one `{% if %}` template, for decisions only known at run time. */
  #endpointTemplate(
    rules: readonly EndpointRule[],
    inputs: ReasonInput[],
    isExternal: boolean,
  ): Fact {
    let text = "";
    rules.forEach((rule, i) => {
      const test = rule.when.map((c) =>
        c.test === "truthy" ? c.path : c.test === "falsy" ? `not ${c.path}` : `${c.path} is defined`
      ).join(" and ");
      text += test === "" ? "{% else %}" : `{% ${i === 0 ? "if" : "elif"} ${test} %}`;
      for (const part of rule.url) {
        text += typeof part === "string"
          ? part
          : exprText(defaultChainExpr(part.slot.map(stepExpr)));
      }
    });
    text += "{% endif %}";
    const waits = inputs.filter((input) =>
      input.source === "runtime" || input.source === "gathered"
    )
      .map((input) => input.name);
    return {
      value: text,
      reason: {
        rule: "endpoint:template",
        text:
          "a decision depends on a value only known at run time, so the rule table is handed to Ansible",
        inputs,
        fromInventory: false,
        waitsFor: waits.length > 0 ? waits : ["run-time values"],
        lbMode: {
          mode: undefined,
          column: isExternal ? "adminConf" : "nonMaster",
          cell: undefined,
        },
      },
    };
  }

  #insecureEndpoint(): Fact {
    const bind = this.lookup("kube_apiserver_insecure_bind_address");
    const port = this.lookup("kube_apiserver_insecure_port");
    const expr =
      `kube_apiserver_insecure_bind_address | regex_replace('0\\.0\\.0\\.0', '127.0.0.1')`;
    let address: Term = bind.kind === "deferred" ? { ...bind, expr } : bind;
    if (bind.kind === "known") {
      // regex_replace prints its input with str() (None gives "None"), then replaces.
      const text = pyStr(bind.value)?.replaceAll("0.0.0.0", "127.0.0.1");
      address = text === undefined
        ? { kind: "deferred", expr, dynamic: false, waits: [expr], input: bind.input }
        : {
          kind: "known",
          value: containsUnsafe(bind.value) ? new Unsafe(text) : text,
          ref: expr,
          input: bind.input,
        };
    }
    return outcomeFact(
      compose(["http://", address, ":", port], this.#tainted("kube_apiserver_insecure_endpoint")),
      "insecure-endpoint",
      "http://{kube_apiserver_insecure_bind_address with 0.0.0.0 replaced by 127.0.0.1}:{kube_apiserver_insecure_port}",
      [bind.input, port.input],
    );
  }

  #etcdUrl(name: string): Fact {
    const address = this.lookup("etcd_access_address");
    const port = name === "etcd_peer_url" ? "2380" : "2379";
    return outcomeFact(
      compose(["https://", address, `:${port}`], this.#tainted(name)),
      "etcd-url",
      `https://{etcd_access_address}:${port}`,
      [address.input],
    );
  }

  #memberName(): Fact {
    const etcd = this.#shared.etcd;
    if (etcd === undefined) return this.#shared.etcdAccessAddresses;
    const index = this.#shared.etcdIndex.get(this.#host);
    return {
      value: index === undefined ? "" : `etcd${index + 1}`,
      reason: {
        rule: "etcd-member-index",
        text: index === undefined
          ? `not in group "${ETCD_GROUP}"`
          : `host ${index + 1} of group "${ETCD_GROUP}"`,
        inputs: [{ name: `groups['${ETCD_GROUP}']`, source: "groups", value: [...etcd] }],
        fromInventory: false,
        waitsFor: [],
      },
    };
  }

  #etcdAccessEndpoint(): Fact {
    const inputs: ReasonInput[] = [];
    const multi = this.lookup("etcd_multiaccess");
    let useAll: Condition = "true";
    if (multi.kind !== "undefined") useAll = this.#truth("etcd_multiaccess", inputs);
    else inputs.push(multi.input);
    const text = "etcd_access_addresses when etcd_multiaccess is undefined or true, else " +
      ETCD_LOCAL_ENDPOINT +
      " (emulation of the seed document; the code at d39a88d63f has no such fact)";
    if (useAll === "unknown") {
      return outcomeFact(
        {
          kind: "template",
          text: exprText(
            `etcd_access_addresses if (etcd_multiaccess | default(true)) else '${ETCD_LOCAL_ENDPOINT}'`,
          ),
          waits: ["etcd_multiaccess"],
        },
        "etcd-multiaccess",
        text,
        inputs,
      );
    }
    if (useAll === "false") {
      return outcomeFact(
        { kind: "value", value: ETCD_LOCAL_ENDPOINT },
        "etcd-multiaccess",
        text,
        inputs,
      );
    }
    const addresses = this.lookup("etcd_access_addresses");
    inputs.push(addresses.input);
    if (
      addresses.kind === "deferred" && addresses.input.source === "default" &&
      typeof addresses.input.value === "string"
    ) {
      // The computed list is a template that starts with "https://" (or is empty): the same
      // text gives the same value, and reads better than a reference.
      return outcomeFact(
        { kind: "template", text: addresses.input.value, waits: addresses.waits },
        "etcd-multiaccess",
        text,
        inputs,
      );
    }
    return outcomeFact(
      single(addresses, this.#tainted("etcd_access_endpoint")),
      "etcd-multiaccess",
      text,
      inputs,
    );
  }
}

const KNOWN_FACTS: ReadonlySet<string> = new Set([...FACT_NAMES, ...EXTRA_FACT_NAMES]);

function stepExpr(step: SlotStep): string {
  if (typeof step === "string") return step;
  if ("literal" in step) return `'${step.literal}'`;
  const host = `groups['${MASTER_GROUP}'][0]`;
  return defaultChainExpr(ACCESS_ADDRESS_CHAIN.map((path) => pathExpr(path, host)));
}

function bindAddressWarning(host: string, vars: VarsLookup, warnings: Warnings): void {
  if (!vars.has("kube_apiserver_bind_address")) return;
  const value = vars.get("kube_apiserver_bind_address") ?? null;
  const text = pyStr(value);
  if (text === "0.0.0.0") return;
  warnings.add(
    "bind-address",
    "",
    "kube_apiserver_bind_address is not 0.0.0.0 on a master: at d39a88d63f the master's kube_apiserver_endpoint stays https://127.0.0.1, where nothing listens then (fixed in Kubespray bac3bf1a5)",
    host,
  );
}

/**
 * Computes Kubespray's endpoint facts for every host.
 *
 * Cost: the facts that do not depend on a host's own addresses are computed once per
 * class of hosts with the same role and the same values of the variables they read (and
 * shared); the six own-address facts take a fast path when the addresses are plain text.
 * About 0.5 s for 50,000 hosts, most of it building the 50,000 result maps.
 *
 * @param view the groups (with alias groups filled in) and each host's inventory variables
 * @param options what to report
 * @returns per host, fact name -> value and reason; and the warnings
 * @example
 * ```ts
 * const view = {
 *   groups: new Map([["kube-master", ["cp1"]], ["etcd", ["cp1"]], ["kube-node", ["w1"]]]),
 *   hostvars: new Map([["cp1", new Map([["ip", "10.0.0.1"]])], ["w1", new Map()]]),
 * };
 * const { facts } = computeFacts(view);
 * facts.get("w1")?.get("kube_apiserver_endpoint")?.value; // "https://localhost:6443"
 * facts.get("w1")?.get("etcd_address")?.value; // "{{ ansible_default_ipv4.address }}"
 * ```
 */
export function computeFacts(view: ClusterView, options: ComputeFactsOptions = {}): KubesprayFacts {
  const extras = options.extras ?? true;
  const shared = computeShared(view);
  const warnings = new Warnings();
  if (shared.masters === undefined) {
    warnings.add(
      "missing-group",
      MASTER_GROUP,
      `Group "${MASTER_GROUP}" (or "kube_control_plane") is not defined: Kubespray cannot evaluate is_kube_master, kube_apiserver_count, first_kube_master or kube_apiserver_endpoint`,
    );
  } else if (shared.masters.length === 0) {
    warnings.add(
      "empty-group",
      MASTER_GROUP,
      `Group "${MASTER_GROUP}" has no hosts: first_kube_master is undefined`,
    );
  }
  if (shared.etcd === undefined) {
    warnings.add(
      "missing-group",
      ETCD_GROUP,
      `Group "${ETCD_GROUP}" is not defined: Kubespray cannot evaluate the etcd member facts`,
    );
  }
  const names = extras ? [...FACT_NAMES, ...EXTRA_FACT_NAMES] : FACT_NAMES;
  const classes = new Map<string, FactClass & { trace: WarningEntry[] }>();
  const ids = new ObjectIds();
  const rows = new Map<string, FactRow>();
  for (const [host, vars] of view.hostvars) {
    const isMaster = shared.masterSet.has(host);
    let hostFacts: HostFacts | undefined;
    // Hosts with the same role and the same values of SHARED_INPUTS share those facts
    // (the objects too): only the own-address facts are computed for every host.
    const key = classKey(isMaster, shared.etcdIndex.get(host), vars, ids);
    let cls = classes.get(key);
    if (cls === undefined) {
      hostFacts = new HostFacts(host, vars, shared, warnings);
      warnings.startTrace();
      const layout: [string, Fact | undefined][] = [];
      for (const name of names) {
        if (name === "external_apiserver_endpoint" && !isMaster) continue;
        layout.push([name, PER_HOST_FACTS.has(name) ? undefined : hostFacts.fact(name)]);
      }
      cls = { id: classes.size, layout, trace: warnings.stopTrace() };
      classes.set(key, cls);
    } else {
      warnings.replay(cls.trace, host);
    }
    const own = fastOwnFacts(vars);
    let perHost: Map<string, Fact> | undefined;
    if (own === undefined) {
      // The full evaluator, now: it may warn.
      hostFacts ??= new HostFacts(host, vars, shared, warnings);
      perHost = new Map();
      for (const [name, classFact] of cls.layout) {
        if (classFact === undefined) perHost.set(name, hostFacts.fact(name));
      }
    }
    if (isMaster) bindAddressWarning(host, vars, warnings);
    rows.set(host, { host, cls, own, perHost, vars, shared });
  }
  const facts = new FactTable(rows);
  return { facts, warnings: warnings.list() };
}

/**
 * A fact whose value came from {@linkcode fastOwnFacts}; its reason is computed by the full
 * evaluator when first read (explaining 50k hosts up front would cost more than the facts).
 */
class LazyReasonFact implements Fact {
  #reason: Reason | undefined;

  constructor(
    readonly value: PyValue,
    readonly name: string,
    readonly host: string,
    readonly vars: VarsLookup,
    readonly shared: Shared,
  ) {}

  get reason(): Reason {
    this.#reason ??=
      new HostFacts(this.host, this.vars, this.shared, new Warnings()).fact(this.name).reason;
    return this.#reason;
  }
}

/** Facts shared by a class of hosts (see {@linkcode computeFacts}). */
export interface FactClass {
  /** Numbers the class: equal ids, the same facts. */
  readonly id: number;
  /** The facts in output order; `undefined` where each host has its own value. */
  readonly layout: readonly (readonly [string, Fact | undefined])[];
}

/**
 * One host's facts as computed: its class's facts and its own. Kept in this form so that
 * 50,000 hosts do not make 50,000 maps; {@linkcode FactTable.get} builds a host's map when
 * asked.
 */
export interface FactRow {
  readonly host: string;
  readonly cls: FactClass;
  /**
   * The values of the own-address facts in the common case, in `PER_HOST_FACTS` order:
   * plain text the inventory does not set (their reasons are built when read).
   */
  readonly own: readonly string[] | undefined;
  /** The own-address facts from the full evaluator, where {@linkcode own} is undefined. */
  readonly perHost: ReadonlyMap<string, Fact> | undefined;
  readonly vars: VarsLookup;
  readonly shared: Shared;
}

/** Host -> fact name -> fact, built per host on demand from {@linkcode FactRow}s. */
export class FactTable implements ReadonlyMap<string, ReadonlyMap<string, Fact>> {
  readonly #rows: ReadonlyMap<string, FactRow>;

  /** @param rows per host, in the order of the view's hosts */
  constructor(rows: ReadonlyMap<string, FactRow>) {
    this.#rows = rows;
  }

  /** The host's facts in compact form, for writers that print many hosts. */
  row(host: string): FactRow | undefined {
    return this.#rows.get(host);
  }

  get size(): number {
    return this.#rows.size;
  }

  has(host: string): boolean {
    return this.#rows.has(host);
  }

  get(host: string): ReadonlyMap<string, Fact> | undefined {
    const row = this.#rows.get(host);
    return row && expandRow(row);
  }

  *entries(): MapIterator<[string, ReadonlyMap<string, Fact>]> {
    for (const [host, row] of this.#rows) yield [host, expandRow(row)];
  }

  keys(): MapIterator<string> {
    return this.#rows.keys();
  }

  *values(): MapIterator<ReadonlyMap<string, Fact>> {
    for (const row of this.#rows.values()) yield expandRow(row);
  }

  [Symbol.iterator](): MapIterator<[string, ReadonlyMap<string, Fact>]> {
    return this.entries();
  }

  forEach(
    fn: (
      value: ReadonlyMap<string, Fact>,
      key: string,
      map: ReadonlyMap<string, ReadonlyMap<string, Fact>>,
    ) => void,
  ): void {
    for (const [key, value] of this) fn(value, key, this);
  }
}

/** The slot of an own-address fact in {@linkcode FactRow.own}. */
export function ownFactSlot(name: string): number {
  const slot = PER_HOST_INDEX.get(name);
  if (slot === undefined) throw new Error(`${name} is not an own-address fact`);
  return slot;
}

/** A host's facts as a map, from its compact form. */
export function expandRow(row: FactRow): Map<string, Fact> {
  const out = new Map<string, Fact>();
  for (const [name, classFact] of row.cls.layout) {
    if (classFact !== undefined) out.set(name, classFact);
    else if (row.own !== undefined) {
      const value = row.own[PER_HOST_INDEX.get(name)!]!;
      out.set(name, new LazyReasonFact(value, name, row.host, row.vars, row.shared));
    } else out.set(name, row.perHost!.get(name)!);
  }
  return out;
}

const OWN_GATHERED_TEMPLATE = exprText(GATHERED_ADDRESS);

/** A plain address: text that prints as itself and that Jinja leaves alone. */
function plainText(value: PyValue | undefined): value is string {
  return typeof value === "string" && !value.includes("{") && !value.startsWith("[") &&
    value !== "True" && value !== "False";
}

/**
 * The per-host facts in the common case, without building reasons: no inventory value for
 * them, `ip`/`access_ip` plain text, and `ansible_default_ipv4` either absent (a template
 * then) or not needed. Returns undefined (or leaves names out) where the full evaluator
 * must decide. The goldens check both paths.
 */
function fastOwnFacts(vars: VarsLookup): string[] | undefined {
  for (const name of PER_HOST_FACTS) if (vars.has(name)) return undefined;
  let bind: string;
  const ip = vars.get("ip");
  if (ip === undefined) {
    if (vars.has("ansible_default_ipv4")) return undefined;
    bind = OWN_GATHERED_TEMPLATE;
  } else if (plainText(ip)) {
    bind = ip;
  } else {
    return undefined;
  }
  const accessIp = vars.get("access_ip");
  if (accessIp !== undefined && !plainText(accessIp)) return undefined;
  const access = accessIp ?? bind;
  // In PER_HOST_FACTS order.
  return [bind, access, bind, access, `https://${access}:2380`, `https://${access}:2379`];
}

/** The facts that depend on the host's own addresses: computed for every host. */
const PER_HOST_FACTS: ReadonlySet<string> = new Set([
  "kube_apiserver_address",
  "kube_apiserver_access_address",
  "etcd_address",
  "etcd_access_address",
  "etcd_peer_url",
  "etcd_client_url",
]);
const PER_HOST_INDEX: ReadonlyMap<string, number> = new Map(
  [...PER_HOST_FACTS].map((name, i) => [name, i]),
);

/**
 * Every variable the other facts read (their own names included: the inventory may set
 * them). Two hosts with the same role and the same values here get the same facts. A new
 * fact that reads another variable must add it here.
 */
const SHARED_INPUTS: readonly string[] = [
  ...[...FACT_NAMES, ...EXTRA_FACT_NAMES].filter((name) => !PER_HOST_FACTS.has(name)),
  "loadbalancer_apiserver",
  "nginx_kube_apiserver_port",
  "etcd_multiaccess",
];

/** Numbers objects by identity. */
class ObjectIds {
  readonly #ids = new WeakMap<object, number>();
  #next = 0;

  of(value: object): number {
    let id = this.#ids.get(value);
    if (id === undefined) this.#ids.set(value, id = this.#next++);
    return id;
  }
}

const SHARED_INPUT_SET: ReadonlySet<string> = new Set(SHARED_INPUTS);

function classKey(
  isMaster: boolean,
  etcdIndex: number | undefined,
  vars: VarsLookup,
  ids: ObjectIds,
): string {
  let key = `${isMaster ? "M" : "-"}${etcdIndex ?? "-"}`;
  if (vars instanceof LayeredVars) {
    // The group layer is one object per set of groups: its number stands for its values,
    // and only the host's own values of SHARED_INPUTS need spelling out.
    key += `\0g${vars.groupId}`;
    for (const [name, value] of vars.own) {
      if (SHARED_INPUT_SET.has(name as string)) {
        key += `\0${name as string}=${valueKey(value, ids)}`;
      }
    }
    return key;
  }
  for (const name of SHARED_INPUTS) {
    const value = vars.get(name);
    key += value === undefined ? "\0" : `\0${valueKey(value, ids)}`;
  }
  return key;
}

function valueKey(value: PyValue, ids: ObjectIds): string {
  // Containers and wrapped values: by identity (group variables are shared objects).
  return value === null || typeof value !== "object"
    ? `${typeof value}:${String(value)}`
    : `#${ids.of(value)}`;
}

/**
 * A host's variables with the computed facts added, following Ansible's precedence: the
 * inventory's own variables win (role defaults rank lowest), and facts Kubespray cannot
 * evaluate are left out.
 *
 * @param hostvars the host's inventory variables
 * @param facts the host's facts from {@linkcode computeFacts}
 * @returns a new mapping: the inventory's variables in their order, then the added facts
 */
export function mergeFacts(hostvars: PyDict, facts: ReadonlyMap<string, Fact>): PyDict {
  const out: PyDict = new Map(hostvars);
  for (const [name, fact] of facts) {
    if (fact.value === undefined || out.has(name)) continue;
    // (Fast-path facts are never the inventory's: no need to build their reason.)
    if (!(fact instanceof LazyReasonFact) && fact.reason.fromInventory) continue;
    out.set(name, fact.value);
  }
  return out;
}
