import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildView, type InventoryView } from "../pipeline.ts";
import { renderList } from "./list.ts";
import { renderListChunks } from "./list_stream.ts";

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const CORPUS = join(
  Deno.env.get("HA_SHARED_DIR") ?? join(ROOT, "..", "shared"),
  "conformance",
  "ansible",
);

/**
 * renderList() on merged variables, and renderListChunks() on what `mode` gives it: the
 * same merged mappings, the `--export` ones, or layers where they apply (as `--list` does).
 */
function both(
  view: InventoryView,
  mode: "merged" | "export" | "layers" | "exported layers" = "merged",
): [string, string | undefined] {
  const exported = mode === "export" || mode === "exported layers";
  const hostvars = (name: string) => view.hostVars(name, exported);
  const groupVars = exported ? { groupVars: view.groupVars.bind(view) } : {};
  const all = new Map(view.hostNames().map((name) => [name, hostvars(name)]));
  const whole = renderList(view.inventory, all, groupVars);
  const chunks = renderListChunks(
    view.inventory,
    view.hostNames(),
    mode === "layers" || mode === "exported layers"
      ? (name) => view.hostLayers(name, exported) ?? hostvars(name)
      : hostvars,
    groupVars,
  );
  if (!chunks) return [whole, undefined];
  const pieces = [...chunks];
  const bytes = new Uint8Array(pieces.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of pieces) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return [
    new TextEncoder().encode(whole.replace(/[\uD800-\uDFFF]/g, (c, i, s) => {
      const code = c.charCodeAt(0);
      const pairStart = code < 0xdc00 && /[\uDC00-\uDFFF]/.test(s[i + 1] ?? "");
      const pairEnd = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(s[i - 1] ?? "");
      return pairStart || pairEnd ? c : "?";
    })).join(","),
    bytes.join(","),
  ];
}

function withInventory(files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync();
  try {
    for (const [rel, text] of Object.entries(files)) {
      Deno.mkdirSync(dirname(join(dir, rel)), { recursive: true });
      Deno.writeTextFileSync(join(dir, rel), text);
    }
    fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("renderListChunks() gives renderList()'s bytes for odd names, values and surrogates", () => {
  withInventory({
    "hosts.yml": `all:
  hosts:
    "h\u00e9":
      a: "\\udcff lone"
      b: "\\ud83d\\ude00 pair"
    Zeta: {x: [1, 2.0, .inf, .nan, {}]}
    _under:
    "1":
      k: {nested: {deep: [null, true]}}
  children:
    "web":
      hosts:
        w1: {port: 80}
      vars: {gv: 1}
    empty:
`,
  }, (dir) => {
    const view = buildView([join(dir, "hosts.yml")], { facts: false });
    const [whole, streamed] = both(view);
    assert.equal(streamed, whole);
    const [exportedWhole, exportedStreamed] = both(view, "export");
    assert.equal(exportedStreamed, exportedWhole);
    for (const mode of ["layers", "exported layers"] as const) {
      const [layeredWhole, layeredStreamed] = both(view, mode);
      assert.equal(layeredStreamed, layeredWhole, mode);
    }
  });
});

Deno.test("renderListChunks() gives renderList()'s bytes for an inventory without variables", () => {
  withInventory({ "hosts.ini": "" }, (dir) => {
    const view = buildView([join(dir, "hosts.ini")], { facts: false });
    const [whole, streamed] = both(view);
    assert.equal(streamed, whole);
  });
});

Deno.test("renderListChunks() leaves unsortable keys to renderList()", () => {
  withInventory({ "hosts.yml": "all:\n  hosts:\n    h1:\n      d: {1: a, b: c}\n" }, (dir) => {
    const view = buildView([join(dir, "hosts.yml")], { facts: false });
    assert.equal(
      renderListChunks(view.inventory, view.hostNames(), (n) => view.hostVars(n)),
      undefined,
    );
  });
});

Deno.test("renderListChunks() gives renderList()'s bytes on the conformance corpus", () => {
  let compared = 0;
  const walk = (dir: string): string[] =>
    [...Deno.readDirSync(dir)].flatMap((e) =>
      e.isDirectory ? walk(join(dir, e.name)) : [join(dir, e.name)]
    );
  for (const list of walk(CORPUS).filter((f) => f.endsWith(".list.json"))) {
    const source = list.replace(/\.list\.json$/, "");
    if (source.includes("+") || source.includes("inventory_script")) continue;
    for (const facts of [false, true]) {
      let view: InventoryView;
      try {
        view = buildView([source], { facts });
      } catch {
        continue;
      }
      for (const mode of ["merged", "layers", "export", "exported layers"] as const) {
        const [whole, streamed] = both(view, mode);
        // Unsortable keys: renderList() prints those (checked above).
        if (streamed === undefined) continue;
        assert.equal(streamed, whole, `${source} (${mode}, facts ${facts})`);
        compared++;
      }
    }
  }
  assert.ok(compared > 80, `only ${compared} inventories compared`);
});

Deno.test("renderListChunks() prints Kubespray facts from layers as hostVars() merges them", () => {
  const fixtures = join(ROOT, "fixtures", "kubespray");
  let compared = 0;
  for (const entry of Deno.readDirSync(fixtures)) {
    const dir = join(fixtures, entry.name);
    const source = [...Deno.readDirSync(dir)].find((e) => /^hosts\.(ini|ya?ml)$/.test(e.name));
    if (!source) continue;
    const view = buildView([join(dir, source.name)]);
    for (const mode of ["layers", "exported layers"] as const) {
      const [whole, streamed] = both(view, mode);
      assert.equal(streamed, whole, `${entry.name} (${mode})`);
      compared++;
    }
  }
  assert.ok(compared > 40, `only ${compared} inventories compared`);
});
