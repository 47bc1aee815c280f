/**
 * `deno task bench`: generates Kubespray-style inventories (1k, 10k and 50k hosts, INI
 * and YAML, every host with `ansible_host`/`ip`/`access_ip`, groups `kube-master`,
 * `kube-node`, `etcd`, `k8s-cluster:children`, `calico-rr`, and `group_vars/`) and
 * times, in the same run, ha-inventory (`deno run` on `src/cli/main.ts` with the
 * permissions the binary gets, with Kubespray facts and with `--no-facts`) against
 * `ansible-inventory`, for `--list` and `--host node1`. Wall time is the best of N
 * runs; peak memory is the maximum resident set size (`/usr/bin/time -f %M`, else
 * sampled from /proc). It also checks that `--no-facts --list` is byte-identical to
 * Ansible's output.
 *
 * ```sh
 * deno task bench                       # 1k, 10k, 50k
 * deno task bench --sizes 1000,10000    # some sizes
 * deno task bench --quick               # CI smoke run: 1k only, one run each
 * ```
 *
 * Lines starting with `bench:` are meant for scripts.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { shippedRun } from "./permissions.ts";

const HELP =
  `Usage: deno task bench [--sizes 1000,10000,50000] [--quick] [--runs N] [--ansible-runs N] [--no-ansible] [--keep]
  --sizes LIST       host counts (default 1000,10000,50000)
  --quick            CI smoke run: 1000 hosts, one run of each command
  --runs N           runs of each ha-inventory command (best is reported; default 5, 3 at 50k)
  --ansible-runs N   runs of each ansible-inventory command (default 3 at 1k, 2 at 10k, 1 above)
  --no-ansible       time ha-inventory only
  --proc-rss         sample peak RSS from /proc even where /usr/bin/time exists
  --keep             keep the generated inventories`;

// ---------------------------------------------------------------------------------
// Inventory generation

/** The address of host number `i` (1-based) in a /8. */
function address(prefix: number, i: number): string {
  return `${prefix}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

const CONTROL = 3;

function hostVars(i: number): [string, string][] {
  const vars: [string, string][] = [
    ["ansible_host", address(172, i)],
    ["ip", address(10, i)],
    ["access_ip", address(10, i)],
  ];
  if (i <= CONTROL) vars.push(["etcd_member_name", `etcd${i}`]);
  return vars;
}

/** A Kubespray inventory of `n` hosts as INI. */
export function kubesprayIni(n: number): string {
  const out: string[] = ["[all]"];
  for (let i = 1; i <= n; i++) {
    out.push(`node${i} ${hostVars(i).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  }
  out.push("", "[kube-master]");
  for (let i = 1; i <= CONTROL; i++) out.push(`node${i}`);
  out.push("", "[etcd]");
  for (let i = 1; i <= CONTROL; i++) out.push(`node${i}`);
  out.push("", "[kube-node]");
  for (let i = CONTROL + 1; i <= n; i++) out.push(`node${i}`);
  out.push("", "[k8s-cluster:children]", "kube-master", "kube-node", "", "[calico-rr]", "");
  out.push("[all:vars]", "ansible_user=ubuntu", "ansible_become=True", "");
  return out.join("\n");
}

/** The same inventory as YAML (the layout Kubespray's inventory builder writes). */
export function kubesprayYaml(n: number): string {
  const out: string[] = [
    "all:",
    "  vars:",
    "    ansible_user: ubuntu",
    "    ansible_become: true",
    "  hosts:",
  ];
  for (let i = 1; i <= n; i++) {
    out.push(`    node${i}:`);
    for (const [k, v] of hostVars(i)) out.push(`      ${k}: ${v}`);
  }
  out.push("  children:", "    kube-master:", "      hosts:");
  for (let i = 1; i <= CONTROL; i++) out.push(`        node${i}:`);
  out.push("    etcd:", "      hosts:");
  for (let i = 1; i <= CONTROL; i++) out.push(`        node${i}:`);
  out.push("    kube-node:", "      hosts:");
  for (let i = CONTROL + 1; i <= n; i++) out.push(`        node${i}:`);
  out.push(
    "    k8s-cluster:",
    "      children:",
    "        kube-master:",
    "        kube-node:",
    "    calico-rr:",
    "      hosts: {}",
    "",
  );
  return out.join("\n");
}

const GROUP_VARS: Record<string, string> = {
  "group_vars/all/all.yml": [
    "---",
    "bin_dir: /usr/local/bin",
    "loadbalancer_apiserver_port: 6443",
    "loadbalancer_apiserver_healthcheck_port: 8081",
    "upstream_dns_servers: [8.8.8.8, 8.8.4.4]",
    "ntp_enabled: false",
    "unsafe_show_logs: false",
    "",
  ].join("\n"),
  "group_vars/k8s-cluster/k8s-cluster.yml": [
    "---",
    "kube_version: v1.28.6",
    "kube_network_plugin: calico",
    "kube_service_addresses: 10.233.0.0/18",
    "kube_pods_subnet: 10.233.64.0/18",
    "kube_network_node_prefix: 24",
    "kube_proxy_mode: ipvs",
    "cluster_name: cluster.local",
    "container_manager: containerd",
    'kube_cert_dir: "{{ kube_config_dir }}/ssl"',
    "supplementary_addresses_in_ssl_keys: [10.0.0.1, lb.example.com]",
    "",
  ].join("\n"),
  "group_vars/etcd.yml": "---\netcd_deployment_type: host\netcd_data_dir: /var/lib/etcd\n",
};

function writeInventory(dir: string, format: "ini" | "yaml", n: number): string {
  Deno.mkdirSync(dir, { recursive: true });
  const file = join(dir, format === "ini" ? "hosts.ini" : "hosts.yml");
  Deno.writeTextFileSync(file, format === "ini" ? kubesprayIni(n) : kubesprayYaml(n));
  for (const [rel, text] of Object.entries(GROUP_VARS)) {
    Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
    Deno.writeTextFileSync(join(dir, rel), text);
  }
  return file;
}

// ---------------------------------------------------------------------------------
// Measuring

interface Run {
  seconds: number;
  /** Peak resident set size in KiB (undefined when it could not be measured). */
  rssKiB: number | undefined;
  stdout: string;
  code: number;
}

const TIME = "/usr/bin/time";
const hasTime = !Deno.args.includes("--proc-rss") && (() => {
  try {
    return Deno.statSync(TIME).isFile;
  } catch {
    return false;
  }
})();

/**
 * Reads a /proc file. Deno wants full read access for /proc; under `deno task bench`'s
 * permissions `cat` (allowed by --allow-run) reads it instead.
 */
async function readProc(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  }
  const out = await new Deno.Command("cat", { args: [path], stdout: "piped", stderr: "null" })
    .output();
  return out.success ? new TextDecoder().decode(out.stdout) : undefined;
}

async function peakFromProc(pid: number, done: Promise<unknown>): Promise<number | undefined> {
  let peak: number | undefined;
  let finished = false;
  done.then(() => (finished = true), () => (finished = true));
  while (!finished) {
    const status = await readProc(`/proc/${pid}/status`);
    if (status === undefined) break;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) peak = Math.max(peak ?? 0, Number(hwm[1]));
    await new Promise((r) => setTimeout(r, 20));
  }
  return peak;
}

async function measure(cmd: string[], cwd: string): Promise<Run> {
  const rssFile = hasTime ? await Deno.makeTempFile({ prefix: "ha-bench-rss-" }) : undefined;
  const argv = rssFile ? [TIME, "-f", "%M", "-o", rssFile, ...cmd] : cmd;
  const started = performance.now();
  const child = new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  const output = child.output();
  const sampled = rssFile ? Promise.resolve(undefined) : peakFromProc(child.pid, output);
  const result = await output;
  const seconds = (performance.now() - started) / 1000;
  let rssKiB = await sampled;
  if (rssFile) {
    const text = (await Deno.readTextFile(rssFile)).trim().split("\n").at(-1) ?? "";
    rssKiB = /^\d+$/.test(text) ? Number(text) : undefined;
    await Deno.remove(rssFile);
  }
  if (!result.success) {
    const err = new TextDecoder().decode(result.stderr).split("\n").slice(0, 5).join("\n");
    throw new Error(`${cmd.join(" ")} failed (exit ${result.code}):\n${err}`);
  }
  return { seconds, rssKiB, stdout: new TextDecoder().decode(result.stdout), code: result.code };
}

async function best(cmd: string[], cwd: string, runs: number): Promise<Run> {
  let winner: Run | undefined;
  let peak: number | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await measure(cmd, cwd);
    if (r.rssKiB !== undefined) peak = Math.max(peak ?? 0, r.rssKiB);
    if (!winner || r.seconds < winner.seconds) winner = r;
  }
  return { ...winner!, rssKiB: peak };
}

// ---------------------------------------------------------------------------------
// Main

/** The 1-minute load average (other work on the machine skews timings). */
async function loadAverage(): Promise<string> {
  return (await readProc("/proc/loadavg"))?.split(" ")[0] ?? "?";
}

interface Row {
  size: number;
  format: string;
  command: string;
  ours: Run;
  oursNoFacts: Run;
  ansible: Run | undefined;
  identical: boolean | undefined;
}

const mib = (kib: number | undefined) => kib === undefined ? "?" : (kib / 1024).toFixed(0);
const secs = (r: Run | undefined) =>
  r === undefined ? "-" : r.seconds < 10 ? r.seconds.toFixed(3) : r.seconds.toFixed(1);
const ratio = (a: Run | undefined, b: Run) =>
  a === undefined ? "-" : `${(a.seconds / b.seconds).toFixed(1)}x`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      sizes: { type: "string" },
      quick: { type: "boolean" },
      runs: { type: "string" },
      "ansible-runs": { type: "string" },
      "no-ansible": { type: "boolean" },
      "proc-rss": { type: "boolean" },
      keep: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const sizes = values.quick
    ? [1000]
    : (values.sizes ?? "1000,10000,50000").split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < CONTROL + 1)) {
    console.error(`--sizes takes whole numbers above ${CONTROL}`);
    Deno.exit(2);
  }
  const haveAnsible = !values["no-ansible"] &&
    new Deno.Command("sh", { args: ["-c", "command -v ansible-inventory"], stdout: "null" })
      .outputSync().success;
  if (!haveAnsible && !values["no-ansible"]) {
    console.error("bench: ansible-inventory not found, timing ha-inventory only");
  }

  const work = await Deno.makeTempDir({ prefix: "ha-bench-" });
  const cwd = join(work, "cwd"); // empty: neither tool may pick up group_vars from here
  await Deno.mkdir(cwd);
  const deno = Deno.execPath();
  const ours = (file: string, facts: boolean, action: string[]) => [
    deno,
    ...shippedRun(["-i", file, ...action, ...(facts ? [] : ["--no-facts"])]),
  ];
  console.log(
    `bench: machine ${Deno.build.os}/${Deno.build.arch}, ${navigator.hardwareConcurrency} cpus, deno ${Deno.version.deno}` +
      `, peak RSS via ${hasTime ? TIME : "/proc sampling"}, load average ${await loadAverage()}`,
  );
  // Warm Deno's module cache so the first timed run does not pay for transpiling.
  await measure(ours(writeInventory(join(work, "warm"), "ini", 10), true, ["--list"]), cwd);

  const rows: Row[] = [];
  for (const size of sizes) {
    for (const format of ["ini", "yaml"] as const) {
      const file = writeInventory(join(work, `${size}-${format}`), format, size);
      const runs = values.runs ? Number(values.runs) : values.quick ? 1 : size >= 50000 ? 3 : 5;
      const ansibleRuns = values["ansible-runs"]
        ? Number(values["ansible-runs"])
        : values.quick
        ? 1
        : size <= 1000
        ? 3
        : size <= 10000
        ? 2
        : 1;
      for (
        const [command, action] of [["--list", ["--list"]], ["--host node1", [
          "--host",
          "node1",
        ]]] as const
      ) {
        const t0 = performance.now();
        const mine = await best(ours(file, true, [...action]), cwd, runs);
        const mineNoFacts = await best(ours(file, false, [...action]), cwd, runs);
        const theirs = haveAnsible
          ? await best(["ansible-inventory", "-i", file, ...action], cwd, ansibleRuns)
          : undefined;
        const row: Row = {
          size,
          format,
          command,
          ours: mine,
          oursNoFacts: mineNoFacts,
          ansible: theirs,
          identical: theirs === undefined ? undefined : theirs.stdout === mineNoFacts.stdout,
        };
        rows.push(row);
        console.log(
          `bench: size=${size} format=${format} cmd=${command.replace(" ", "_")} ours_s=${
            secs(mine)
          } ` +
            `ours_nofacts_s=${secs(mineNoFacts)} ansible_s=${secs(theirs)} speedup=${
              ratio(theirs, mine)
            } ` +
            `speedup_nofacts=${ratio(theirs, mineNoFacts)} ours_rss_mib=${mib(mine.rssKiB)} ` +
            `ours_nofacts_rss_mib=${mib(mineNoFacts.rssKiB)} ansible_rss_mib=${
              mib(theirs?.rssKiB)
            } ` +
            `identical_nofacts=${row.identical ?? "-"} (${
              ((performance.now() - t0) / 1000).toFixed(0)
            } s)`,
        );
      }
    }
  }

  console.log();
  const header = [
    "hosts",
    "format",
    "command",
    "ours",
    "ours --no-facts",
    "ansible",
    "speedup",
    "(no facts)",
    "RSS MiB ours/no-facts/ansible",
    "same output",
  ];
  const table = rows.map((r) => [
    String(r.size),
    r.format,
    r.command,
    `${secs(r.ours)} s`,
    `${secs(r.oursNoFacts)} s`,
    r.ansible ? `${secs(r.ansible)} s` : "-",
    ratio(r.ansible, r.ours),
    ratio(r.ansible, r.oursNoFacts),
    `${mib(r.ours.rssKiB)} / ${mib(r.oursNoFacts.rssKiB)} / ${mib(r.ansible?.rssKiB)}`,
    r.identical === undefined ? "-" : r.identical ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of table) console.log(line(row));
  console.log();

  // Targets from issue 2: at 10k and 50k hosts, --list >= 30x faster than ansible-inventory
  // with less peak memory; --host no slower than --list.
  for (const r of rows) {
    if (r.command === "--host node1") {
      const list = rows.find((x) =>
        x.size === r.size && x.format === r.format && x.command === "--list"
      )!;
      const ok = r.ours.seconds <= list.ours.seconds * 1.05;
      console.log(
        `bench: target size=${r.size} format=${r.format} host_not_slower_than_list ${
          ok ? "met" : "MISSED"
        } ` +
          `(${secs(r.ours)} s vs ${secs(list.ours)} s)`,
      );
      continue;
    }
    if (r.size < 10000 || !r.ansible) continue;
    const speedup = r.ansible.seconds / r.ours.seconds;
    const lessMemory = r.ours.rssKiB !== undefined && r.ansible.rssKiB !== undefined &&
      r.ours.rssKiB < r.ansible.rssKiB;
    console.log(
      `bench: target size=${r.size} format=${r.format} list_30x ${
        speedup >= 30 ? "met" : "MISSED"
      } ` +
        `(${speedup.toFixed(1)}x), less_memory ${lessMemory ? "met" : "MISSED"} ` +
        `(${mib(r.ours.rssKiB)} vs ${mib(r.ansible.rssKiB)} MiB), same_output ${
          r.identical ? "yes" : "NO"
        }`,
    );
  }
  console.log(`bench: load average at the end ${await loadAverage()}`);
  if (values.keep) console.log(`bench: inventories kept in ${work}`);
  else await Deno.remove(work, { recursive: true });
}

if (import.meta.main) await main();
