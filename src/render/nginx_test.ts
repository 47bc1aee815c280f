import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../cli/main.ts";
import { RenderError } from "../kubespray/topology.ts";
import { buildView } from "../pipeline.ts";
import { planNginx, renderNginx } from "./nginx.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CI = Deno.env.get("CI") === "true";

/** How to run `nginx -t` on a stream config here, or why it cannot be done. */
type Nginx = { binary: string; loadModule: string | undefined } | { missing: string };

function findNginx(): Nginx {
  for (const binary of ["nginx", "/usr/sbin/nginx"]) {
    let info: string;
    try {
      const out = new Deno.Command(binary, { args: ["-V"], stdout: "piped", stderr: "piped" })
        .outputSync();
      if (!out.success) continue;
      info = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    } catch {
      continue;
    }
    if (/--with-stream(\s|$)/.test(info)) return { binary, loadModule: undefined };
    if (!info.includes("--with-stream=dynamic")) {
      return { missing: `${binary} is built without the stream module` };
    }
    // Debian builds stream as a module, packaged as libnginx-mod-stream.
    const modules = /--modules-path=(\S+)/.exec(info)?.[1] ?? "/usr/lib/nginx/modules";
    const module = join(modules, "ngx_stream_module.so");
    try {
      Deno.statSync(module);
    } catch {
      return {
        missing: `${module} is missing (apt-get install libnginx-mod-stream)`,
      };
    }
    return { binary, loadModule: module };
  }
  return { missing: "nginx is not installed (apt-get install nginx libnginx-mod-stream)" };
}

const NGINX = findNginx();
if ("missing" in NGINX && !CI) {
  console.warn(`\n!!! nginx -t tests are SKIPPED: ${NGINX.missing} (with CI=true they fail)\n`);
}

/** Runs `nginx -t` on a config, with pid and logs in a temporary directory. */
function nginxTest(config: string): { ok: boolean; output: string } {
  if ("missing" in NGINX) throw new Error(`nginx -t is required when CI=true: ${NGINX.missing}`);
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-nginx-" });
  try {
    const file = join(dir, "nginx.conf");
    Deno.writeTextFileSync(file, config);
    let main = file;
    if (NGINX.loadModule !== undefined) {
      // The rendered file is tested unchanged, included after the module is loaded.
      main = join(dir, "main.conf");
      Deno.writeTextFileSync(main, `load_module ${NGINX.loadModule};\ninclude ${file};\n`);
    }
    const out = new Deno.Command(NGINX.binary, {
      args: ["-t", "-e", "stderr", "-p", dir, "-c", main, "-g", `pid ${join(dir, "nginx.pid")};`],
    }).outputSync();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    return { ok: out.success, output: decode(out.stdout) + decode(out.stderr) };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Temporary inventories, removed when the test module is done (vars files are read lazily). */
const TEMP_DIRS: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of TEMP_DIRS) Deno.removeSync(dir, { recursive: true });
});

function viewOf(files: Record<string, string>) {
  const dir = Deno.makeTempDirSync({ prefix: "ha-inventory-nginx-" });
  TEMP_DIRS.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
    Deno.writeTextFileSync(join(dir, rel), text);
  }
  return buildView([join(dir, "hosts.ini")]);
}

const GROUPS = "\n[kube-master]\nnode1\nnode2\n\n[etcd]\nnode1\n\n[kube-node]\nnode3\nnode4\n\n" +
  "[k8s-cluster:children]\nkube-master\nkube-node\n";

/** The expected config, written out by hand from Kubespray's nginx.conf.j2 at d39a88d63f. */
const LOCAL_EXPECTED =
  `# nginx-proxy of node3, node4: Kubespray's localhost load balancer, rendered by ha-inventory.
error_log stderr notice;

worker_processes auto;

events {
    multi_accept on;
    use epoll;
    worker_connections 1024;
}

stream {
    upstream kube_apiserver {
        least_conn;
        server 1.1.1.1:6443;
        server 10.3.0.2:6443;
    }

    server {
        listen 127.0.0.1:6443;
        proxy_pass kube_apiserver;
        proxy_timeout 10m;
        proxy_connect_timeout 1s;
    }
}
`;

Deno.test("renderNginx() renders Kubespray's nginx.conf for the non-masters of the default mode", () => {
  const view = buildView([join(ROOT, "fixtures", "explain", "local", "hosts.ini")]);
  assert.equal(renderNginx(view), LOCAL_EXPECTED);
  assert.equal(renderNginx(view), LOCAL_EXPECTED, "deterministic");
});

/** A config as its directives: comments dropped, whitespace collapsed, one per `;`, `{` or `}`. */
function directives(config: string): string[] {
  return config.replace(/#[^\n]*/g, "").split(/([;{}])/).reduce<string[]>((out, part, i, parts) => {
    if (i % 2 === 1) out.push(`${parts[i - 1]!.trim().replace(/\s+/g, " ")}${part}`.trim());
    return out;
  }, []);
}

Deno.test("renderNginx() has the directives Kubespray's template renders for the same inventory", () => {
  // kubespray-nginx.conf: roles/kubernetes/node/templates/nginx.conf.j2@d39a88d63f rendered
  // for node4 of fixtures/explain/local by ansible-playbook (ansible-core 2.14.18, template
  // module, kube_apiserver_port 6443), kept as Ansible wrote it.
  const recorded = Deno.readTextFileSync(
    join(ROOT, "fixtures", "explain", "local", "kubespray-nginx.conf"),
  );
  const view = buildView([join(ROOT, "fixtures", "explain", "local", "hosts.ini")]);
  const mine = directives(renderNginx(view, { host: "node4" }));
  assert.deepEqual(mine, directives(recorded));
  assert.ok(mine.includes("server 1.1.1.1:6443;"));
});

Deno.test("planNginx() listens on nginx_kube_apiserver_port and brackets IPv6 upstreams", () => {
  const view = viewOf({
    "hosts.ini":
      "node1 ip=fd00::1\nnode2 ip=10.0.0.2 access_ip=192.0.2.2\nnode3 ip=10.0.0.3\nnode4 ip=10.0.0.4\n" +
      GROUPS,
    "group_vars/all.yml": "nginx_kube_apiserver_port: 8443\n",
  });
  assert.deepEqual(planNginx(view), {
    hosts: ["node3", "node4"],
    listenPort: 8443,
    upstreams: ["[fd00::1]:6443", "192.0.2.2:6443"],
  });
});

Deno.test("planNginx() needs --host when nodes differ, and takes the node's own ports", () => {
  const view = viewOf({
    "hosts.ini":
      "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3 ip=10.0.0.3 nginx_kube_apiserver_port=7443\n" +
      "node4 ip=10.0.0.4 kube_apiserver_port=6444\n" + GROUPS,
  });
  assert.throws(() => planNginx(view), /node3 and node4 need different configs; pass --host NAME/);
  assert.deepEqual(planNginx(view, { host: "node4" }), {
    hosts: ["node4"],
    listenPort: 6444,
    upstreams: ["10.0.0.1:6444", "10.0.0.2:6444"],
  });
  assert.equal(planNginx(view, { host: "node3" }).listenPort, 7443);
});

Deno.test("planNginx() reports what it cannot render instead of printing it", () => {
  const cases: [Record<string, string>, { host?: string }, RegExp][] = [
    [
      { "hosts.ini": "node1 ip=10.0.0.1\nnode2\nnode3\nnode4\n" + GROUPS },
      {},
      /the address of master node2 \(ansible_default_ipv4\.address\) is only known at run time/,
    ],
    [
      { "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\nnode4\n" + GROUPS },
      { host: "node1" },
      /node1 is a master: Kubespray does not run the nginx proxy there/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\nnode4\n" + GROUPS,
        "group_vars/all.yml": "loadbalancer_apiserver:\n  address: 10.0.0.100\n  port: 8383\n",
      },
      {},
      /no host runs the nginx proxy/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\nnode4\n" + GROUPS,
        "group_vars/all.yml": 'loadbalancer_apiserver_localhost: "{{ use_nginx }}"\n',
      },
      { host: "node3" },
      /only known at run time \(loadbalancer_apiserver_localhost is a template\)/,
    ],
    [
      {
        "hosts.ini": "node1 ip=10.0.0.1\nnode2 ip=10.0.0.2\nnode3\nnode4\n" + GROUPS,
        "group_vars/all.yml": "kube_apiserver_port: 6443.0\n",
      },
      {},
      /kube_apiserver_port of node3 is "6443\.0", not a port/,
    ],
  ];
  for (const [files, options, message] of cases) {
    const view = viewOf(files);
    assert.throws(() => renderNginx(view, options), (error: unknown) => {
      assert.ok(error instanceof RenderError, String(error));
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("ha-inventory render nginx [--host NAME]: the config on stdout, exit 1 for a master", () => {
  const local = join(ROOT, "fixtures", "explain", "local", "hosts.ini");
  const all = run(["-i", local, "render", "nginx"]);
  assert.equal(all.code, 0);
  assert.equal(all.stdout, LOCAL_EXPECTED);
  const one = run(["-i", local, "render", "nginx", "--host", "node4"]);
  assert.equal(one.code, 0);
  assert.ok(one.stdout.startsWith("# nginx-proxy of node4: "));
  const master = run(["-i", local, "render", "nginx", "--host", "node1"]);
  assert.equal(master.code, 1);
  assert.match(master.stderr, /node1 is a master/);
});

Deno.test({
  name: "nginx -t accepts the rendered configs (IPv4, IPv6, another port) and refuses a broken one",
  ignore: "missing" in NGINX && !CI,
  fn: () => {
    const configs = [
      LOCAL_EXPECTED,
      renderNginx(buildView([join(ROOT, "fixtures", "explain", "local-with-lb", "hosts.ini")])),
      renderNginx(viewOf({
        "hosts.ini": "node1 ip=fd00::1\nnode2 ip=fd00::2\nnode3 ip=fd00::3\nnode4 ip=fd00::4\n" +
          GROUPS,
        "group_vars/all.yml": "nginx_kube_apiserver_port: 8443\n",
      })),
    ];
    for (const config of configs) {
      const result = nginxTest(config);
      assert.ok(result.ok, `${result.output}\n${config}`);
    }
    assert.equal(nginxTest(LOCAL_EXPECTED.replace("least_conn;", "least_conn")).ok, false);
  },
});
