/**
 * ha-inventory: Ansible's inventory engine, reimplemented for Deno, with Kubespray's
 * HA view on top.
 *
 * The library follows one pipeline: sources are read (INI, YAML, JSON) into an
 * inventory model exactly as `ansible-inventory` reads them, variables are resolved
 * with Ansible's precedence (`group_vars/`, `host_vars/` included), Kubespray's role
 * groups and endpoint facts are added, and renderers print the documents Ansible
 * expects.
 *
 * ```ts
 * import { buildView, renderList } from "./mod.ts";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/hosts.ini`, "[kube-master]\nnode1 ip=10.0.0.1\n");
 * const view = buildView([`${dir}/hosts.ini`]);
 * const hostvars = new Map(view.hostNames().map((h) => [h, view.hostVars(h)]));
 * const json = JSON.parse(renderList(view.inventory, hostvars));
 * if (json["kube-master"].hosts[0] !== "node1") throw new Error("unexpected");
 * ```
 *
 * @module
 */

export { buildView, InventoryView, type ViewOptions } from "./src/pipeline.ts";
export { type LoadedInventory, loadInventory, type LoadOptions } from "./src/inventory/load.ts";
export { Group, Host, Inventory } from "./src/inventory/model.ts";
export { matchHosts } from "./src/inventory/patterns.ts";
export { renderList } from "./src/render/list.ts";
export { renderHost } from "./src/render/host.ts";
export { renderGraph } from "./src/render/graph.ts";
export { renderYamlInventory } from "./src/render/yaml_inventory.ts";
export {
  dumpToml,
  renderTomlInventory,
  tomlInventory,
  type TomlOptions,
} from "./src/render/toml.ts";
export { InventoryError, InventorySyntaxError, type Location } from "./src/errors.ts";
export { type PyDict, PyFloat, type PyValue, Unsafe, Vault } from "./src/values/types.ts";
