/**
 * The input of the Kubespray stage: what a play sees of the inventory.
 *
 * @module
 */

import type { PyDict } from "../values/types.ts";

/** The inventory as a play sees it, before any role default applies. */
export interface ClusterView {
  /**
   * Ansible's `groups` magic variable: group name -> member hosts in Ansible's order
   * (descendants included), with the Kubespray alias groups already filled in (see
   * `planKubesprayGroups`).
   */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /**
   * Each host's effective inventory variables after Ansible's precedence (what
   * `ansible-inventory --host` prints), untemplated.
   */
  readonly hostvars: ReadonlyMap<string, PyDict>;
}
