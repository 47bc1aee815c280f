/**
 * YAML scalars before construction: PyYAML's implicit resolver, which decides what a plain
 * scalar loads as, and the scalar node that both of the loader's parsers (js-yaml and the
 * fast block reader) hand to its construction code.
 *
 * These are what the loader and its fast reader share. Keeping them here lets the reader
 * use them without importing the loader that calls it (no import cycle). The dumper uses
 * the resolver too, to know which strings need quotes.
 *
 * @module
 */

import type { PyValue } from "./types.ts";

/** The YAML 1.1 type PyYAML's resolver gives a plain scalar, by tag suffix. */
export type ImplicitTag =
  | "str"
  | "bool"
  | "int"
  | "float"
  | "null"
  | "timestamp"
  | "merge"
  | "value"
  | "yaml";

/**
 * The tag PyYAML's implicit resolver (`yaml.resolver.Resolver`) gives a plain scalar:
 * what a string would load as if written unquoted. The dumper quotes a string exactly
 * when this is not `"str"`.
 *
 * @param text the scalar's text
 * @returns the tag's suffix (`"int"` for `tag:yaml.org,2002:int`)
 */
export function implicitTag(text: string): ImplicitTag {
  if (text === "") return "null";
  switch (text.charCodeAt(0)) {
    case 0x79: // y
    case 0x59: // Y
    case 0x74: // t
    case 0x54: // T
    case 0x66: // f
    case 0x46: // F
    case 0x6f: // o
    case 0x4f: // O
      return text.length <= 5 && BOOLS.has(text) ? "bool" : "str";
    case 0x6e: // n
    case 0x4e: // N
      if (text.length > 5) return "str";
      if (BOOLS.has(text)) return "bool";
      return text === "null" || text === "Null" || text === "NULL" ? "null" : "str";
    case 0x2d: // -
    case 0x2b: // +
      if (twoDots(text)) return "str";
      if (FLOAT.test(text)) return "float";
      return INT.test(text) ? "int" : "str";
    case 0x2e: // .
      return FLOAT.test(text) ? "float" : "str";
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37:
    case 0x38:
    case 0x39:
      // Addresses and versions (`10.0.0.1`) match none of the patterns.
      if (twoDots(text)) return "str";
      if (FLOAT.test(text)) return "float";
      if (INT.test(text)) return "int";
      return TIMESTAMP.test(text) ? "timestamp" : "str";
    case 0x3c: // <
      return text === "<<" ? "merge" : "str";
    case 0x7e: // ~
      return text === "~" ? "null" : "str";
    case 0x3d: // =
      return text === "=" ? "value" : "str";
    case 0x21: // !
      return text === "!" ? "yaml" : "str";
    case 0x26: // &
      return text === "&" ? "yaml" : "str";
    case 0x2a: // *
      return text === "*" ? "yaml" : "str";
    default:
      return "str";
  }
}

function twoDots(text: string): boolean {
  const first = text.indexOf(".");
  return first >= 0 && text.indexOf(".", first + 1) >= 0;
}

// ---------------------------------------------------------------------------------------
// PyYAML's implicit resolvers (yaml/resolver.py), as JavaScript regular expressions.

const BOOLS = new Map<string, boolean>([
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["no", false],
  ["No", false],
  ["NO", false],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
  ["on", true],
  ["On", true],
  ["ON", true],
  ["off", false],
  ["Off", false],
  ["OFF", false],
]);
const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)$/;

// ---------------------------------------------------------------------------------------
// Scalar nodes.

/** js-yaml's mark for a plain scalar still to be resolved (the fast reader's keys use it too). */
export const PLAIN = "?";

/** Kinds of scalar, as far as `!unsafe` and key equality need to know. */
export const K_STR = 0;
export const K_OTHER = 1;
export const K_TIME = 2;

/** What construction gives for `<<` and `=`, which only work as keys. */
export const MERGE_KEY = Symbol("merge");
export const VALUE_KEY = Symbol("value");
/** What construction gives for a scalar node. */
export type Constructed = PyValue | typeof MERGE_KEY | typeof VALUE_KEY;

/**
 * A scalar node (or the empty node), constructed when its parent closes: one js-yaml
 * closed, or a mapping key the fast reader read. The loader gives it the `toString()`
 * through which js-yaml hands back mapping pairs.
 */
export class Tok {
  /** What the loader's `construct()` made of it, once asked. */
  value: Constructed | undefined = undefined;
  /** K_STR, K_OTHER or K_TIME, set with `value`. */
  kind = K_STR;
  constructor(
    /** The text. */
    public raw: string,
    /** `?` plain, `null` quoted or block, else the explicit tag. */
    public tag: string | null,
    /** Offset in js-yaml's input where the node (with its properties) starts. */
    public pos: number,
  ) {}
}
