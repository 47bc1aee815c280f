/**
 * Where the inventory comes from when Ansible runs ha-inventory as an inventory
 * script (with only `--list` or `--host NAME`, so no `-i`): first `-i`, then the
 * `HA_INVENTORY` environment variable, then files beside the executable.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** File names looked for beside the executable, in this order. */
export const BESIDE_NAMES: readonly string[] = [
  "hosts.ini",
  "hosts.yaml",
  "hosts.yml",
  "hosts",
  "inventory.ini",
  "inventory.yaml",
  "inventory.yml",
];

/** The sources found, and how. */
export interface Discovery {
  /** Inventory sources to read, in order. */
  readonly sources: string[];
  /** How they were found: `-i`, `HA_INVENTORY`, or the folder beside the executable. */
  readonly how: string;
  /** Every place looked at, for the "nothing found" message. */
  readonly looked: string[];
  /** The running program's own file, never to be read as a source. */
  readonly self: string | undefined;
}

/**
 * Finds the inventory sources. `cliSources` are the `-i` values; `env` reads an
 * environment variable (injected for tests).
 */
export function discoverSources(
  cliSources: readonly string[],
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): Discovery {
  const self = selfPath();
  const looked: string[] = [];
  if (cliSources.length > 0) return { sources: [...cliSources], how: "-i", looked, self };

  const fromEnv = env("HA_INVENTORY");
  looked.push("the HA_INVENTORY environment variable (not set)");
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    // Separated like ANSIBLE_INVENTORY: commas, blanks around each part ignored.
    const sources = fromEnv.split(",").map((part) => part.trim()).filter((part) => part !== "");
    return { sources, how: "HA_INVENTORY", looked, self };
  }

  if (self) {
    const dir = dirname(self);
    const own = basename(self).replace(/\.(exe|ts|js)$/, "");
    const names = [...BESIDE_NAMES, `${own}.ini`, `${own}.yaml`, `${own}.yml`];
    for (const name of names) {
      const path = join(dir, name);
      looked.push(path);
      if (isFile(path)) return { sources: [path], how: `beside ${self}`, looked, self };
    }
  }
  return { sources: [], how: "", looked, self };
}

/** The executable (compiled) or the main script (launcher or `deno run`). */
function selfPath(): string | undefined {
  const exec = Deno.execPath();
  if (!/^deno(\.exe)?$/.test(basename(exec))) return exec;
  try {
    return Deno.mainModule.startsWith("file:") ? fileURLToPath(Deno.mainModule) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
