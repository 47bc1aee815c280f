/**
 * Scale: generates inventories with variables in every place Ansible reads them, and
 * measures how `--list` and `--host` grow from 1k to 50k hosts.
 *
 * At N hosts an inventory has N/25 groups (2000 at 50k) with inline `[g:vars]`, a
 * `group_vars/` file per group, a `host_vars/` file for every fifth host, inline host
 * variables on every host, a chain of groups 20 deep (`[chainNN:children]`), Kubespray's
 * role groups over all hosts, a playbook folder with its own `group_vars/` and
 * `host_vars/`, and two large vars files (10 MB each at 50k hosts, proportionally smaller
 * below) on a small group and on one host.
 *
 * Each command runs as `deno run` with the shipped permissions; time is wall-clock, peak
 * memory the maximum resident set size (`/usr/bin/time -f %M`). Output: a growth table
 * and lines starting with `scale:`.
 *
 * ```sh
 * deno run -A scripts/scale.ts                          # 1k, 5k, 10k, 50k
 * deno run -A scripts/scale.ts --sizes 1000,5000 --runs 1
 * ```
 *
 * @module
 */

import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { shippedRun } from "./permissions.ts";

/** A generated inventory. */
export interface ScaleInventory {
  /** The `-i` source. */
  readonly source: string;
  /** The `--playbook-dir`. */
  readonly playbookDir: string;
  /** A host in the middle of the inventory, in several groups and the chain. */
  readonly sampleHost: string;
  /** Bytes written, all files together. */
  readonly bytes: number;
  /** Files written. */
  readonly files: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A YAML mapping of about `bytes` bytes: nested lists and maps of plain values. */
function bigVarsYaml(bytes: number, name: string): string {
  const lines = [`${name}_settings:`];
  let size = lines[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const line = `  key_${
      pad(i, 7)
    }: {id: ${i}, name: "item ${i} of ${name}", tags: [a, b, c], ratio: 0.${i % 97}}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

/** Writes the inventory for `hosts` hosts below `dir`. */
export function generateScaleInventory(dir: string, hosts: number): ScaleInventory {
  const groups = Math.max(4, Math.round(hosts / 25));
  const bigBytes = Math.round((10 << 20) * hosts / 50_000);
  const inv = join(dir, "inventory");
  const playbookDir = join(dir, "playbook");
  let bytes = 0;
  let files = 0;
  const write = (path: string, text: string) => {
    Deno.mkdirSync(dirname(path), { recursive: true });
    Deno.writeTextFileSync(path, text);
    bytes += text.length;
    files++;
  };
  const host = (i: number) => `node-${pad(i, 6)}.dc${i % 3}.example.com`;
  const members: string[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < hosts; i++) {
    members[i % groups]!.push(host(i));
    members[(i * 7 + 3) % groups]!.push(host(i));
  }
  const ini: string[] = [];
  for (let g = 0; g < groups; g++) {
    ini.push(`[g${pad(g, 4)}]`);
    for (const name of new Set(members[g])) {
      const i = Number(name.slice(5, 11));
      ini.push(
        `${name} ansible_host=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} idx=${i} rack='r${
          i % 40
        }' tags="['a', 'b${i % 7}']" weight=${(i % 100) / 10}`,
      );
    }
    ini.push(`[g${pad(g, 4)}:vars]`, `group_index=${g}`, `zone='z${g % 5}'`, "");
  }
  // A chain of groups 20 deep; every tenth host sits at the bottom.
  for (let d = 1; d < 20; d++) ini.push(`[chain${pad(d, 2)}:children]`, `chain${pad(d + 1, 2)}`);
  ini.push("[chain20]");
  for (let i = 0; i < hosts; i += 10) ini.push(host(i));
  ini.push("[chain20:vars]", "deep=true", "[chain01:vars]", "deep=false", "");
  // Kubespray's role groups, so that the facts run over every host.
  ini.push("[kube_control_plane]", host(0), host(1), host(2));
  ini.push("[etcd]", host(0), host(1), host(2));
  ini.push("[kube_node]");
  for (let i = 0; i < hosts; i++) ini.push(host(i));
  ini.push("[k8s_cluster:children]", "kube_control_plane", "kube_node", "");
  ini.push("[big]", host(3), host(4), "");
  write(join(inv, "hosts.ini"), ini.join("\n"));

  write(
    join(inv, "group_vars", "all.yml"),
    Array.from({ length: 20 }, (_, k) => `all_var_${k}: value ${k}`).join("\n") + "\n",
  );
  for (let g = 0; g < groups; g++) {
    write(
      join(inv, "group_vars", `g${pad(g, 4)}.yml`),
      `g${pad(g, 4)}_owner: team-${g % 13}\nmonitoring:\n  enabled: ${g % 2 === 0}\n  port: ${
        9000 + g % 100
      }\nlabels: [x${g % 3}, y${g % 5}]\n`,
    );
  }
  for (let i = 0; i < hosts; i += 5) {
    write(
      join(inv, "host_vars", `${host(i)}.yml`),
      `serial: SN${pad(i, 8)}\ndisks:\n  - {dev: sda, size: ${
        i % 900
      }G}\n  - {dev: sdb, size: 1T}\n`,
    );
  }
  write(join(inv, "group_vars", "big.yml"), bigVarsYaml(bigBytes, "big_group"));
  write(join(inv, "host_vars", `${host(5)}.yml`), bigVarsYaml(bigBytes, "big_host"));
  write(join(playbookDir, "group_vars", "all.yml"), "playbook_level: true\n");
  write(join(playbookDir, "host_vars", `${host(10)}.yml`), "from_playbook: 1\n");
  return {
    source: join(inv, "hosts.ini"),
    playbookDir,
    sampleHost: host(Math.floor(hosts / 2 / 10) * 10),
    bytes,
    files,
  };
}

/** One measured run. */
export interface Measurement {
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly outputBytes: number;
  readonly code: number;
}

/** Runs ha-inventory with the shipped permissions and measures it. */
export function measure(args: readonly string[]): Measurement {
  const started = performance.now();
  const out = new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", Deno.execPath(), ...shippedRun(args)],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const seconds = (performance.now() - started) / 1000;
  const stderr = new TextDecoder().decode(out.stderr).trimEnd().split("\n");
  const kb = Number(stderr.at(-1));
  if (out.code !== 0) {
    throw new Error(`ha-inventory ${args.join(" ")} failed:\n${stderr.join("\n")}`);
  }
  return { seconds, peakRssBytes: kb * 1024, outputBytes: out.stdout.length, code: out.code };
}

const MB = 1 << 20;

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      sizes: { type: "string", default: "1000,5000,10000,50000" },
      runs: { type: "string", default: "2" },
      keep: { type: "boolean" },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const runs = Number(values.runs);
  const modes: [string, (inv: ScaleInventory) => string[]][] = [
    ["--list --no-facts", () => ["--list", "--no-facts"]],
    ["--list", () => ["--list"]],
    ["--host", (inv) => ["--host", inv.sampleHost]],
  ];
  const rows: { hosts: number; mode: string; m: Measurement; input: number }[] = [];
  for (const hosts of sizes) {
    const dir = Deno.makeTempDirSync({ prefix: `ha-scale-${hosts}-` });
    const inv = generateScaleInventory(dir, hosts);
    console.log(
      `generated ${hosts} hosts: ${inv.files} files, ${(inv.bytes / MB).toFixed(1)} MB in ${dir}`,
    );
    for (const [mode, args] of modes) {
      const all = Array.from(
        { length: runs },
        () => measure(["-i", inv.source, "--playbook-dir", inv.playbookDir, ...args(inv)]),
      );
      const best = all.reduce((a, b) => a.seconds <= b.seconds ? a : b);
      const peak = Math.max(...all.map((m) => m.peakRssBytes));
      rows.push({ hosts, mode, m: { ...best, peakRssBytes: peak }, input: inv.bytes });
    }
    if (!values.keep) Deno.removeSync(dir, { recursive: true });
  }
  const first = sizes[0]!;
  console.log(
    "\n| hosts | command | seconds | growth (time) | growth (hosts) | peak RSS MB | output MB | RSS / output |",
  );
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) {
    const base = rows.find((r) => r.hosts === first && r.mode === row.mode)!;
    console.log(
      `| ${row.hosts} | \`${row.mode}\` | ${row.m.seconds.toFixed(2)} | ${
        (row.m.seconds / base.m.seconds).toFixed(1)
      }x | ${(row.hosts / first).toFixed(0)}x | ${(row.m.peakRssBytes / MB).toFixed(0)} | ${
        (row.m.outputBytes / MB).toFixed(1)
      } | ${(row.m.peakRssBytes / row.m.outputBytes).toFixed(1)} |`,
    );
  }
  console.log("");
  for (const row of rows) {
    console.log(
      `scale: ${row.hosts} hosts ${row.mode}: ${row.m.seconds.toFixed(2)} s, peak ${
        (row.m.peakRssBytes / MB).toFixed(0)
      } MB, output ${(row.m.outputBytes / MB).toFixed(1)} MB`,
    );
  }
}
