/**
 * The input of the Kubespray stage: what a play sees of the inventory.
 *
 * @module
 */

import type { PyDict, PyValue } from "../values/types.ts";

/**
 * What the Kubespray stage reads of a host's variables: a lookup, so that a host's
 * variables can stay in layers (see `HostVarsResolver.layers`) instead of being copied
 * into one mapping per host.
 */
export interface VarsLookup {
  /** The value of a variable, `undefined` when the host does not have it. */
  get(name: string): PyValue | undefined;
  /** Whether the host has the variable. */
  has(name: string): boolean;
}

/** A host's variables as two layers, the second winning; both are read, neither copied. */
export class LayeredVars implements VarsLookup {
  /**
   * @param group the lower layer (shared by many hosts)
   * @param own the upper layer
   * @param groupId names `group`: hosts with equal ids share it
   */
  constructor(readonly group: PyDict, readonly own: PyDict, readonly groupId: number) {}

  get(name: string): PyValue | undefined {
    const value = this.own.get(name);
    return value === undefined ? this.group.get(name) : value;
  }

  has(name: string): boolean {
    return this.own.has(name) || this.group.has(name);
  }
}

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
  readonly hostvars: ReadonlyMap<string, VarsLookup>;
}
