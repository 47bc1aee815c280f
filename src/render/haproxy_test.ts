import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../cli/main.ts";
import { RenderError } from "../kubespray/topology.ts";
import { buildView } from "../pipeline.ts";
import { planHaproxy, renderHaproxy } from "./haproxy.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CI = Deno.env.get("CI") === "true";

/** The haproxy binary: on PATH, or where Debian puts it (/usr/sbin is not always on PATH). */
function findHaproxy(): string | undefined {
  for (const candidate of ["haproxy", "/usr/sbin/haproxy"]) {
    try {
      if (
        new Deno.Command(candidate, { args: ["-v"], stdout: "null", stderr: "null" }).outputSync()
          .success
      ) {
        return candidate;
      }
    } catch {
      // Not there; try the next one.
    }
  }
  return undefined;
}

const HAPROXY = findHaproxy();
if (HAPROXY === undefined && !CI) {
  console.warn(
    "\n!!! haproxy is not installed: the haproxy -c and loopback tests are SKIPPED (apt-get install haproxy; with CI=true they fail)\n",
  );
}

/** Runs a test that needs haproxy: skipped loudly without it, failed without it under CI=true. */
function withHaproxy(name: string, fn: (haproxy: string) => void | Promise<void>): void {
  Deno.test({
    name,
    ignore: HAPROXY === undefined && !CI,
    fn: () => {
      if (HAPROXY === undefined) {
        throw new Error("haproxy is required when CI=true (apt-get install haproxy)");
      }
      return fn(HAPROXY);
    },
  });
}

/** Writes an inventory into a fresh temporary directory; returns the directory. */
function inventory(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-haproxy-" });
  for (const [rel, text] of Object.entries(files)) {
    Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
    Deno.writeTextFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Temporary inventories, removed when the test module is done (vars files are read lazily). */
const TEMP_DIRS: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of TEMP_DIRS) Deno.removeSync(dir, { recursive: true });
});

function viewOf(files: Record<string, string>) {
  const dir = inventory(files);
  TEMP_DIRS.push(dir);
  return buildView([join(dir, "hosts.ini")]);
}

const GROUPS = "\n[kube-master]\nnode1\nnode2\n\n[etcd]\nnode1\n\n[kube-node]\nnode3\n\n" +
  "[k8s-cluster:children]\nkube-master\nkube-node\n";
const LB = "loadbalancer_apiserver:\n  address: 10.0.0.100\n  port: 8383\n";

function haproxyCheck(haproxy: string, config: string): { ok: boolean; output: string } {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-haproxy-" });
  try {
    Deno.writeTextFileSync(join(dir, "haproxy.cfg"), config);
    const out = new Deno.Command(haproxy, { args: ["-c", "-f", join(dir, "haproxy.cfg")] })
      .outputSync();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { ok: out.success, output: decode(out.stdout) + decode(out.stderr) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("renderHaproxy() renders the seed's external load balancer: frontend on the VIP, one server per master", () => {
  const view = buildView([join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini")]);
  const config = renderHaproxy(view);
  assert.match(
    config,
    /\nfrontend kube_apiserver\n {4}bind 10\.0\.0\.100:8383\n {4}default_backend kube_apiserver\n/,
  );
  assert.match(config, /\n {4}mode tcp\n/);
  assert.match(config, /\n {4}option httpchk GET \/healthz\n {4}http-check expect status 200\n/);
  assert.match(config, /check check-ssl verify none/);
  assert.ok(
    config.endsWith("    server node1 10.3.0.1:6443\n    server node2 10.3.0.2:6443\n"),
    config,
  );
  assert.match(config, /https:\/\/my-apiserver-lb\.example\.com:8383/);
  assert.equal(renderHaproxy(view), config, "deterministic");
});

Deno.test("planHaproxy() uses access_ip, a one-address bind address, each master's own port, and brackets IPv6", () => {
  const view = viewOf({
    "hosts.ini":
      "node1 ip=10.0.0.1 access_ip=192.0.2.1\nnode2 ip=10.0.0.2 kube_apiserver_bind_address=10.0.0.22 kube_apiserver_port=7443\nnode3 ip=10.0.0.3\n" +
      GROUPS,
    "group_vars/all.yml": "loadbalancer_apiserver:\n  address: fd00::100\n  port: 8383\n",
  });
  assert.deepEqual(planHaproxy(view), {
    bind: "[fd00::100]:8383",
    domainName: "lb-apiserver.kubernetes.local",
    servers: [
      { name: "node1", address: "192.0.2.1:6443" },
      { name: "node2", address: "10.0.0.22:7443" },
    ],
  });
});

Deno.test("planHaproxy() reports what it cannot render instead of printing it", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\n" + GROUPS },
      /no external load balancer is defined/,
    ],
    [
      { "hosts.ini": "node1 ip=10.0.0.1\nnode2\nnode3\n" + GROUPS, "group_vars/all.yml": LB },
      /the address of master node2 \(ansible_default_ipv4\.address\) is only known at run time/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=\"{{ lookup('env', 'IP2') }}\"\nnode3\n" + GROUPS,
        "group_vars/all.yml": LB,
      },
      /the address of master node2 \(ip\) is only known at run time \(a template/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\n" + GROUPS,
        "group_vars/all.yml": "loadbalancer_apiserver:\n  address: 10.0.0.100\n",
      },
      /loadbalancer_apiserver\.port is not defined/,
    ],
    [
      {
        "hosts.ini":
          "node1 ip=10.0.0.1 kube_apiserver_bind_address=127.0.0.1\nnode2 ip=10.0.0.2\nnode3\n" +
          GROUPS,
        "group_vars/all.yml": LB,
      },
      /kube_apiserver_bind_address of node1 is 127\.0\.0\.1, a loopback address/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\n" + GROUPS,
        "host_vars/node3.yml": "loadbalancer_apiserver:\n  address: 10.0.0.200\n  port: 8383\n",
        "group_vars/all.yml": LB,
      },
      /loadbalancer_apiserver differs between node1 and node3; pass --host NAME/,
    ],
  ];
  for (const [files, message] of cases) {
    const view = viewOf(files);
    assert.throws(() => renderHaproxy(view), (error: unknown) => {
      assert.ok(error instanceof RenderError, String(error));
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("ha-inventory render haproxy: the config on stdout, a clear error and exit 1 when there is no LB", () => {
  const seed = join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini");
  const ok = run(["-i", seed, "render", "haproxy"]);
  assert.equal(ok.code, 0);
  assert.match(ok.stdout, /^# HAProxy in front of the Kubernetes API servers/);
  const local = join(ROOT, "fixtures", "explain", "local", "hosts.ini");
  const fail = run(["-i", local, "render", "haproxy"]);
  assert.equal(fail.code, 1);
  assert.match(
    fail.stderr,
    /ha-inventory: error: Cannot render haproxy\.cfg: no external load balancer/,
  );
  assert.equal(run(["-i", seed, "render", "apache"]).code, 2);
  const unknown = run(["-i", seed, "render", "haproxy", "--host", "node9"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /host "node9" is not in the inventory/);
});

withHaproxy(
  "haproxy -c accepts the rendered configs (https and tcp checks, IPv4 and IPv6)",
  (haproxy) => {
    const configs = [
      renderHaproxy(
        buildView([join(ROOT, "fixtures", "kubespray", "seed-external-lb", "hosts.ini")]),
      ),
      renderHaproxy(buildView([join(ROOT, "fixtures", "explain", "external", "hosts.ini")]), {
        healthCheck: "tcp",
      }),
      renderHaproxy(viewOf({
        "hosts.ini": "node1 ip=fd00::1\nnode2 ip=fd00::2\nnode3\n" + GROUPS,
        "group_vars/all.yml": "loadbalancer_apiserver:\n  address: fd00::100\n  port: 8383\n",
      })),
    ];
    for (const config of configs) {
      const result = haproxyCheck(haproxy, config);
      assert.ok(result.ok, `${result.output}\n${config}`);
    }
    // The check can fail: a config with a broken directive is refused.
    assert.equal(
      haproxyCheck(haproxy, configs[0]!.replace("balance roundrobin", "balance sideways")).ok,
      false,
    );
  },
);

/** A free TCP port on 127.0.0.1 (closed again; the caller binds it right away). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A backend: answers `<name>: <first line received>` on each connection. */
function backend(name: string): { port: number; close: () => Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Promise<void>>();
  const serve = async (conn: Deno.Conn) => {
    try {
      const buffer = new Uint8Array(256);
      const n = await conn.read(buffer);
      // Health checks connect and leave without a word.
      if (n !== null) {
        const line = new TextDecoder().decode(buffer.subarray(0, n)).split("\n")[0];
        await conn.write(new TextEncoder().encode(`${name}: ${line}\n`));
      }
    } catch {
      // The peer went away.
    } finally {
      try {
        conn.close();
      } catch {
        // Already closed.
      }
    }
  };
  const loop = (async () => {
    try {
      for await (const conn of listener) {
        const done = serve(conn);
        conns.add(done);
        done.finally(() => conns.delete(done));
      }
    } catch {
      // Closed.
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close: async () => {
      listener.close();
      await loop;
      await Promise.all(conns);
    },
  };
}

/** Sends a line through `port` and returns the answer, or undefined if nothing answered. */
async function ask(port: number, line: string): Promise<string | undefined> {
  let conn: Deno.Conn;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch {
    return undefined;
  }
  try {
    await conn.write(new TextEncoder().encode(`${line}\n`));
    const buffer = new Uint8Array(256);
    let text = "";
    const deadline = setTimeout(() => conn.close(), 2000);
    try {
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        text += new TextDecoder().decode(buffer.subarray(0, n));
        if (text.endsWith("\n")) break;
      }
    } finally {
      clearTimeout(deadline);
    }
    return text === "" ? undefined : text.trimEnd();
  } catch {
    return undefined;
  } finally {
    try {
      conn.close();
    } catch {
      // Closed by the deadline.
    }
  }
}

withHaproxy(
  "HAProxy started from a rendered config forwards a TCP connection to a loopback backend",
  async (haproxy) => {
    const backends = [backend("backend-a"), backend("backend-b")];
    const frontend = freePort();
    const dir = inventory({
      "hosts.ini": `node1 ip=127.0.0.1 kube_apiserver_port=${backends[0]!.port}\n` +
        `node2 ip=127.0.0.1 kube_apiserver_port=${backends[1]!.port}\nnode3 ip=127.0.0.3\n` +
        GROUPS,
      "group_vars/all.yml": `loadbalancer_apiserver:\n  address: 127.0.0.1\n  port: ${frontend}\n`,
    });
    let child: Deno.ChildProcess | undefined;
    try {
      // The backends speak plain TCP, not TLS: check them with a TCP connect.
      const config = renderHaproxy(buildView([join(dir, "hosts.ini")]), { healthCheck: "tcp" });
      assert.match(config, new RegExp(`bind 127\\.0\\.0\\.1:${frontend}\\n`));
      const file = join(dir, "haproxy.cfg");
      await Deno.writeTextFile(file, config);
      child = new Deno.Command(haproxy, {
        args: ["-db", "-f", file],
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
      const stderr = new Response(child.stderr).text();
      const seen = new Set<string>();
      const stop = Date.now() + 10_000;
      while (seen.size < 2 && Date.now() < stop) {
        const answer = await ask(frontend, "ping");
        if (answer === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        assert.match(answer, /^backend-[ab]: ping$/);
        seen.add(answer);
      }
      if (seen.size < 2) {
        child.kill("SIGTERM");
        assert.fail(`HAProxy did not reach both backends (${[...seen]}):\n${await stderr}`);
      }
      // Round robin: both masters get a connection.
      assert.deepEqual([...seen].sort(), ["backend-a: ping", "backend-b: ping"]);
    } finally {
      if (child !== undefined) {
        try {
          child.kill("SIGTERM");
        } catch {
          // Already stopped.
        }
        const killer = setTimeout(() => child?.kill("SIGKILL"), 5000);
        await child.status;
        clearTimeout(killer);
      }
      await Promise.all(backends.map((b) => b.close()));
      await Deno.remove(dir, { recursive: true });
    }
  },
);
