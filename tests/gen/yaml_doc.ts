/**
 * A tiny YAML document model and emitter for the generators. Unlike a YAML library's
 * dumper it writes what people write: block and flow styles side by side, block
 * scalars, multi-line plain scalars, anchors, aliases, merge keys, tags and comments.
 * Scalars are stored already formatted; {@linkcode yamlString} formats a string so
 * that PyYAML reads it back unchanged.
 *
 * @module
 */

import type { Rng } from "./prng.ts";

/** Node properties: anchor (`&a`) and tag (`!unsafe`). */
export interface YProps {
  anchor?: string;
  tag?: string;
}

/** One node of a document. */
export type YNode =
  | (YProps & { kind: "scalar"; text: string; comment?: string })
  | (YProps & { kind: "block"; header: string; lines: string[] })
  | { kind: "multiline"; lines: string[] }
  | (YProps & { kind: "map"; entries: YEntry[]; flow?: boolean })
  | (YProps & { kind: "seq"; items: YNode[]; flow?: boolean })
  | { kind: "alias"; name: string }
  | { kind: "empty" };

/** A mapping entry (key already formatted) or a comment line between entries. */
export type YEntry = { key: string; value: YNode } | { comment: string };

/** Layout choices for one document. */
export interface YStyle {
  /** Spaces per nesting level (2 or 4). */
  indent: number;
  /** Write sequences under a key at the key's own indentation (`key:\n- a`). */
  indentlessSeq: boolean;
}

/** Whether a node can be written on one line after `key:` or inside a flow collection. */
export function isInline(node: YNode): boolean {
  switch (node.kind) {
    case "scalar":
    case "alias":
      return true;
    case "map":
      return node.flow === true && node.entries.every((e) => "comment" in e || isInline(e.value));
    case "seq":
      return node.flow === true && node.items.every(isInline);
    default:
      return false;
  }
}

function props(node: YProps): string {
  return [node.anchor ? `&${node.anchor}` : "", node.tag ?? ""].filter(Boolean).join(" ");
}

function withProps(node: YProps, text: string): string {
  const p = props(node);
  return p ? `${p} ${text}` : text;
}

/** One node in flow context (inside `[...]`/`{...}`); comments are dropped there. */
function flowText(node: YNode): string {
  switch (node.kind) {
    case "scalar":
      return withProps(node, node.text);
    case "alias":
      return `*${node.name}`;
    case "map": {
      const entries = node.entries.filter((e): e is { key: string; value: YNode } => "key" in e);
      const body = entries.map((e) =>
        `${e.key}: ${e.value.kind === "empty" ? "null" : flowText(e.value)}`
      );
      return withProps(node, `{${body.join(", ")}}`);
    }
    case "seq":
      return withProps(
        node,
        `[${node.items.map((i) => i.kind === "empty" ? "null" : flowText(i)).join(", ")}]`,
      );
    case "empty":
      return "null";
    default:
      throw new TypeError(`A ${node.kind} node cannot be written in flow context`);
  }
}

interface Rendered {
  /** Text after `key:` or `-` on the same line, with its leading space. */
  head: string;
  /** Following lines, fully indented. */
  body: string[];
}

const pad = (n: number) => " ".repeat(n);

function render(node: YNode, indent: number, style: YStyle, underKey: boolean): Rendered {
  const inner = indent + style.indent;
  switch (node.kind) {
    case "empty":
      return { head: "", body: [] };
    case "alias":
      return { head: ` *${node.name}`, body: [] };
    case "scalar":
      return {
        head: ` ${withProps(node, node.text)}${node.comment ? ` # ${node.comment}` : ""}`,
        body: [],
      };
    case "block":
      return {
        head: ` ${withProps(node, node.header)}`,
        body: node.lines.map((l) => l === "" ? "" : pad(inner) + l),
      };
    case "multiline":
      return { head: ` ${node.lines[0]}`, body: node.lines.slice(1).map((l) => pad(inner) + l) };
    case "map": {
      if (node.flow || node.entries.length === 0) {
        return { head: ` ${flowText({ ...node, flow: true })}`, body: [] };
      }
      const p = props(node);
      return { head: p ? ` ${p}` : "", body: entryLines(node.entries, inner, style) };
    }
    case "seq": {
      if (node.flow || node.items.length === 0) {
        return { head: ` ${flowText({ ...node, flow: true })}`, body: [] };
      }
      const p = props(node);
      const at = underKey && style.indentlessSeq && !p ? indent : inner;
      return {
        head: p ? ` ${p}` : "",
        body: node.items.flatMap((item) => itemLines(item, at, style)),
      };
    }
  }
}

function itemLines(item: YNode, at: number, style: YStyle): string[] {
  if (item.kind === "map" && !item.flow && item.entries.length > 0 && !props(item)) {
    // Compact form: the first entry shares the line with the dash.
    const lines = entryLines(item.entries, at + 2, style);
    const first = lines.findIndex((l) => !l.trimStart().startsWith("#"));
    return lines.map((l, i) => i === first ? pad(at) + "- " + l.slice(at + 2) : l);
  }
  const r = render(item, at, style, false);
  return [pad(at) + "-" + r.head, ...r.body];
}

function entryLines(entries: readonly YEntry[], indent: number, style: YStyle): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    if ("comment" in entry) {
      out.push(`${pad(indent)}# ${entry.comment}`);
      continue;
    }
    const r = render(entry.value, indent, style, true);
    out.push(`${pad(indent)}${entry.key}:${r.head}`, ...r.body);
  }
  return out;
}

/** Writes a document whose root is a block mapping. */
export function emitYaml(
  root: readonly YEntry[],
  style: YStyle,
  options: { start?: boolean; end?: boolean; directive?: boolean } = {},
): string {
  const lines = entryLines(root, 0, style);
  // An empty document is read by the ini plugin, which rejects `---`: markers only around content.
  if (!root.some((e) => "key" in e)) return lines.join("\n") + "\n";
  if (options.start || options.directive) lines.unshift("---");
  if (options.directive) lines.unshift("%YAML 1.1");
  if (options.end) lines.push("...");
  return lines.join("\n") + "\n";
}

const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

/** Whether `s` can be written as a plain scalar and read back as the same text (conservative). */
export function plainOk(s: string, flow: boolean): boolean {
  // deno-lint-ignore no-control-regex
  if (s === "" || s !== s.trim() || /[\n\r\t\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) {
    return false;
  }
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return false;
  if (flow && /[,[\]{}:#]/.test(s)) return false;
  const first = s[0]!;
  if (INDICATORS.includes(first)) {
    // `-x`, `:x` and `?x` start a plain scalar when a non-space follows (block context only).
    if (flow || !"-:?".includes(first) || s.length < 2 || s[1] === " ") return false;
  }
  return !(s === "---" || s === "..." || s.startsWith("--- ") || s.startsWith("... "));
}

/** A double-quoted YAML scalar for `s`, escaping what must be and, sometimes, more. */
export function yamlDouble(s: string, rng?: Rng): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += rng?.chance(0.5) ? "\\t" : "\t";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      out += `\\x${cp.toString(16).padStart(2, "0")}`;
    } else if (ch === "\u2028" || ch === "\u2029" || ch === "\ufeff") {
      out += `\\u${cp.toString(16)}`;
    } else if (cp > 0x7f && rng?.chance(0.2)) {
      out += cp > 0xffff
        ? `\\U${cp.toString(16).padStart(8, "0")}`
        : `\\u${cp.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `"${out}"`;
}

/** A single-quoted scalar, or undefined when `s` cannot be written that way on one line. */
export function yamlSingle(s: string): string | undefined {
  // deno-lint-ignore no-control-regex
  if (/[\n\r\t\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(s)) return undefined;
  return `'${s.replace(/'/g, "''")}'`;
}

/** `s` as a scalar PyYAML reads back as the string `s`; `plain` allows an unquoted form. */
export function yamlString(rng: Rng, s: string, flow: boolean, plain = true): string {
  const single = yamlSingle(s);
  const style = rng.weighted<string>([
    ["plain", plain && plainOk(s, flow) ? 5 : 0],
    ["single", single ? 2 : 0],
    ["double", 2],
  ]);
  if (style === "plain") return s;
  if (style === "single") return single!;
  return yamlDouble(s, rng);
}

/** Whether a plain scalar would be read by PyYAML's YAML 1.1 resolver as something other than a string. */
export function resolvesNonString(s: string): boolean {
  return /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
    .test(s) ||
    /^(?:~|null|Null|NULL)$/.test(s) ||
    /^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
      .test(s) ||
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
      .test(s) ||
    /^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$/
      .test(s) ||
    s === "<<" || s === "=";
}

/** A mapping key PyYAML reads as the string `s` (quoted when a plain key would not be a string). */
export function yamlKey(rng: Rng, s: string, flow = false): string {
  return yamlString(rng, s, flow, !resolvesNonString(s) && rng.chance(0.9));
}
