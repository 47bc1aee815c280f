/**
 * The API server endpoint rules of Kubespray at commit d39a88d63f, as data.
 *
 * Two tables:
 * - {@linkcode KUBE_APISERVER_ENDPOINT_RULES} and {@linkcode EXTERNAL_APISERVER_ENDPOINT_RULES}:
 *   the branches of the code, in the order Jinja tries them (first match wins). The
 *   facts are evaluated from these.
 * - {@linkcode LB_MODES}: the rows of the table in the seed's `docs/ha-mode.md`
 *   ("Access endpoints are evaluated automagically"), split where the code tells cases
 *   apart, with what the document says and what the code does for each column. Reasons
 *   and `explain` output cite these rows.
 *
 * A test checks that every cell of {@linkcode LB_MODES} names the rule the code actually
 * takes.
 *
 * @module
 */

/**
 * One value slot of a URL: the first defined of these, like Jinja's
 * `a | default(b | default(c))`. A step is a variable path seen from the host being
 * configured (`"loadbalancer_apiserver.port"`), a literal, or the address of the first
 * `kube-master` host computed afresh (as the client role's `set_fact` does).
 */
export type SlotStep = string | { readonly literal: string } | {
  readonly firstMasterAddress: true;
};

/** A URL as literal text and value slots. */
export type UrlPart = string | { readonly slot: readonly SlotStep[] };

/** One test of a rule's `if`: Jinja truthiness, its negation, or `is defined`. */
export interface Condition {
  /** `truthy`: `{% if x %}`; `falsy`: `{% if not x %}`; `defined`: `{% if x is defined %}`. */
  readonly test: "truthy" | "falsy" | "defined";
  /** The variable path, seen from the host being configured. */
  readonly path: string;
}

/** One branch of an endpoint template. */
export interface EndpointRule {
  /** Stable id, used in reasons. */
  readonly id: string;
  /** All must hold (Jinja `and`); empty for the final `else`. */
  readonly when: readonly Condition[];
  /** The URL the branch prints. */
  readonly url: readonly UrlPart[];
  /** What the branch means, in one sentence. */
  readonly summary: string;
}

/** `kube_apiserver_port`, the secure port (`sp` in the seed document). */
const API_PORT: UrlPart = { slot: ["kube_apiserver_port"] };

/**
 * `kube_apiserver_endpoint` (`roles/kubespray-defaults/defaults/main.yaml@d39a88d63f`).
 * Where the code writes `| default(...)` after a variable that the branch already knows
 * to be defined, the default is kept here although it never applies, so that a value
 * handed to Ansible at run time behaves exactly as Kubespray's.
 */
export const KUBE_APISERVER_ENDPOINT_RULES: readonly EndpointRule[] = [
  {
    id: "nginx-localhost",
    when: [{ test: "falsy", path: "is_kube_master" }, {
      test: "truthy",
      path: "loadbalancer_apiserver_localhost",
    }],
    url: ["https://localhost:", { slot: ["nginx_kube_apiserver_port", "kube_apiserver_port"] }],
    summary: "a non-master with the localhost load balancer talks to its local nginx proxy",
  },
  {
    id: "master-loopback",
    when: [{ test: "truthy", path: "is_kube_master" }],
    url: ["https://127.0.0.1:", API_PORT],
    summary: "a master talks to its own API server over loopback, whatever the LB settings",
  },
  {
    id: "external-lb",
    when: [{ test: "defined", path: "loadbalancer_apiserver" }, {
      test: "defined",
      path: "loadbalancer_apiserver.port",
    }],
    url: [
      "https://",
      {
        slot: ["apiserver_loadbalancer_domain_name", { literal: "lb-apiserver.kubernetes.local" }],
      },
      ":",
      { slot: ["loadbalancer_apiserver.port", "kube_apiserver_port"] },
    ],
    summary: "a non-master uses the external load balancer by its domain name and port",
  },
  {
    id: "first-master",
    when: [],
    url: ["https://", { slot: ["first_kube_master"] }, ":", API_PORT],
    summary: "a non-master talks straight to the first master (no HA)",
  },
];

/**
 * `external_apiserver_endpoint`: a `set_fact` of the client role, on `kube-master` hosts
 * only (`roles/kubernetes/client/tasks/main.yml@d39a88d63f`), the `server:` of
 * `admin.conf`. The same task file first re-sets `first_kube_master` with `set_fact`, which
 * outranks inventory variables, so this fact uses the computed first master address even
 * when the inventory sets `first_kube_master`.
 */
export const EXTERNAL_APISERVER_ENDPOINT_RULES: readonly EndpointRule[] = [
  {
    id: "external-lb",
    when: [{ test: "defined", path: "loadbalancer_apiserver" }, {
      test: "defined",
      path: "loadbalancer_apiserver.port",
    }],
    url: [
      "https://",
      { slot: ["apiserver_loadbalancer_domain_name"] },
      ":",
      { slot: ["loadbalancer_apiserver.port", "kube_apiserver_port"] },
    ],
    summary: "admin.conf uses the external load balancer by its domain name and port",
  },
  {
    id: "first-master",
    when: [],
    url: ["https://", { slot: [{ firstMasterAddress: true }] }, ":", API_PORT],
    summary: "admin.conf points at the first master",
  },
];

/** What `docs/ha-mode.md@d39a88d63f` says for one cell, and what the code does. */
export interface LbModeCell {
  /** The cell as the document writes it, e.g. `http://lc:p`. */
  readonly doc: string;
  /** The id of the rule the code takes (in the rule table of the column's fact). */
  readonly rule: string;
  /** Why the document and the code differ (the spec's numbering, `kubespray-facts.md` §3), if they do. */
  readonly differs?: string;
}

/** A load-balancer mode: a row of the seed document's table, split where the code tells cases apart. */
export interface LbMode {
  /** Stable id, used in reasons. */
  readonly id: string;
  /** The seed document's row label. */
  readonly docRow: string;
  /** What selects the row: the truthiness of `loadbalancer_apiserver_localhost` ... */
  readonly localhost: boolean;
  /** ... and whether `loadbalancer_apiserver` and its `port` are defined. */
  readonly lb: "undefined" | "no-port" | "port";
  /** The examples of `kubespray-facts.md` §2.6 that fall in the row. */
  readonly examples: string;
  /** `kube_apiserver_endpoint` on `kube-master` hosts. */
  readonly master: LbModeCell;
  /** `kube_apiserver_endpoint` on every other host (nodes, etcd-only, calico-rr). */
  readonly nonMaster: LbModeCell;
  /** `external_apiserver_endpoint` (admin.conf, masters; not in the document's table). */
  readonly adminConf: LbModeCell;
}

const MASTER_LOOPBACK_LOCAL: LbModeCell = {
  doc: "http://lc:p",
  rule: "master-loopback",
  differs:
    "§3.3: the code gives https://127.0.0.1:{kube_apiserver_port} (secure, since 092bf07cb), not the insecure localhost:8080",
};

/**
 * The load-balancer modes. Selected by the truthiness of `loadbalancer_apiserver_localhost`
 * (whose default is "`loadbalancer_apiserver` is not defined", but an inventory value wins,
 * even the INI string `"false"`, which is true) and by what `loadbalancer_apiserver` holds.
 */
export const LB_MODES: readonly LbMode[] = [
  {
    id: "local",
    docRow: "Local LB (default)",
    localhost: true,
    lb: "undefined",
    examples: "A (nothing set), A' (nginx_kube_apiserver_port)",
    master: MASTER_LOOPBACK_LOCAL,
    nonMaster: {
      doc: "https://lc:nsp",
      rule: "nginx-localhost",
      differs:
        "§3.9: `lc` is the literal name localhost; nsp defaults to kube_apiserver_port when nginx_kube_apiserver_port is undefined",
    },
    adminConf: { doc: "(not in the table)", rule: "first-master" },
  },
  {
    id: "local-with-lb",
    docRow: "Local LB (default)",
    localhost: true,
    lb: "port",
    examples: "E (external LB with port, loadbalancer_apiserver_localhost: true)",
    master: MASTER_LOOPBACK_LOCAL,
    nonMaster: {
      doc: "https://lb:lp",
      rule: "nginx-localhost",
      differs:
        "§3.8: the document says an external LB overrides the localhost LB; only the default of loadbalancer_apiserver_localhost depends on it, an explicit true keeps nginx",
    },
    adminConf: { doc: "(not in the table)", rule: "external-lb" },
  },
  {
    id: "local-with-lb-no-port",
    docRow: "Local LB (default)",
    localhost: true,
    lb: "no-port",
    examples: "D + loadbalancer_apiserver_localhost: true",
    master: MASTER_LOOPBACK_LOCAL,
    nonMaster: {
      doc: "https://lb:lp",
      rule: "nginx-localhost",
      differs: "§3.8: an explicit loadbalancer_apiserver_localhost wins over the external LB",
    },
    adminConf: {
      doc: "(not in the table)",
      rule: "first-master",
      differs: "§3.7: without loadbalancer_apiserver.port the LB is not used",
    },
  },
  {
    id: "external",
    docRow: "External LB, no internal",
    localhost: false,
    lb: "port",
    examples: "B (address and port), G (port only: the default domain name, no /etc/hosts line)",
    master: {
      doc: "https://lb:lp",
      rule: "master-loopback",
      differs:
        "§3.5: the master branch comes first, so masters never use the external LB (only admin.conf does)",
    },
    nonMaster: { doc: "https://lb:lp", rule: "external-lb" },
    adminConf: { doc: "(not in the table)", rule: "external-lb" },
  },
  {
    id: "external-no-port",
    docRow: "External LB, no internal",
    localhost: false,
    lb: "no-port",
    examples: "D (address only)",
    master: {
      doc: "https://lb:lp",
      rule: "master-loopback",
      differs: "§3.5: masters never use the external LB",
    },
    nonMaster: {
      doc: "https://lb:lp (lp defers to the secure port)",
      rule: "first-master",
      differs:
        "§3.7: the code requires loadbalancer_apiserver.port; without it non-masters go straight to the first master",
    },
    adminConf: {
      doc: "(not in the table)",
      rule: "first-master",
      differs: "§3.7: without loadbalancer_apiserver.port the LB is not used",
    },
  },
  {
    id: "none",
    docRow: "No ext/int LB",
    localhost: false,
    lb: "undefined",
    examples: "C (loadbalancer_apiserver_localhost: false)",
    master: {
      doc: "http://lc:p",
      rule: "master-loopback",
      differs: "§3.4: the code gives https://127.0.0.1:{kube_apiserver_port}",
    },
    nonMaster: { doc: "https://m[0].aip:sp", rule: "first-master" },
    adminConf: { doc: "(not in the table)", rule: "first-master" },
  },
];

/** Finds the mode for known inputs. */
export function findLbMode(localhost: boolean, lb: LbMode["lb"]): LbMode {
  const mode = LB_MODES.find((row) => row.localhost === localhost && row.lb === lb);
  // The table covers all six combinations; a miss is a bug in the table.
  if (mode === undefined) throw new Error(`No LB mode for localhost=${localhost}, lb=${lb}`);
  return mode;
}
