/**
 * Python 3.11's `ast.literal_eval(text)` as Ansible's INI plugin uses it to type values
 * (spec §3.5): `1` → int, `1.5` → float, `True`, `None`, `'x'`, `[1, 'x']`, `{'k': 1}`;
 * anything Python rejects with `ValueError`/`SyntaxError` → `undefined`, and the caller
 * keeps the raw string.
 *
 * Emulated: Python's tokenizer rules for numbers (underscores, `0x`/`0o`/`0b`, the
 * leading-zero rule, exact big ints, the 4300-digit limit), string literals (all quote
 * styles and prefixes, every escape, implicit concatenation, bytes decoded as UTF-8 with
 * `surrogateescape` at top level), comments, line continuations, blank lines and
 * indentation, bracket nesting up to Python's 200 levels; literal_eval's own rules (one
 * unary sign on a number, `num ± complex`, `set()`); dict key equality (`1`, `1.0` and
 * `True` are one key; the first key stays, the last value wins).
 *
 * Tuples come back as arrays marked with {@linkcode markTuple} (so `str()` prints `(1, 2)`).
 * Values Python parses but Ansible then cannot print (sets, complex numbers, `...`, bytes
 * inside containers, tuple keys) throw {@linkcode UnserializableValueError} with the message
 * `ansible-inventory` crashes with (the first such value in insertion order, as in
 * Ansible's unsorted retry). Ansible only crashes when it prints the value as JSON
 * (`--graph --vars` would print `{1, 2}`); the value model has no set, so this happens at
 * parse time here. Unhashable dict keys or set members (`{{ 1 }}`!) make Python's
 * `literal_eval` itself raise `TypeError`, which fails the whole INI source in Ansible
 * (`Failed to parse ... with ini plugin: unhashable type: 'set'`): that is a plain
 * `TypeError` here.
 *
 * Approximations (all → `undefined` where Python would still say ValueError/SyntaxError):
 * any syntax outside the literal subset (operators other than `+`/`-`, calls, attribute or
 * subscript access, comprehensions, `**`/`*` unpacking, keywords) is rejected at once, so a
 * `TypeError` Python would raise *before* reaching it in evaluation order is not reported
 * (e.g. `[{[1]: 2}, x.y]`); `\N{...}` knows only ASCII, Latin-1, Latin Extended-A and
 * Greek names, common punctuation and symbols, control-character aliases, CJK unified
 * ideographs and Hangul syllables (other valid names give `undefined`); a literal `'\ud800\udc00'`
 * (two lone surrogates in Python) becomes one astral character in JavaScript; identifiers
 * are not NFKC-normalised; absurd unary chains that crash Python's parser are `undefined`.
 *
 * @module
 */

import { UnserializableValueError } from "../errors.ts";
import { markTuple } from "./py_str.ts";
import { PyFloat, type PyKey, type PyValue } from "./types.ts";

// ---------------------------------------------------------------------------
// Python objects while evaluating

/** A `bytes` value; one UTF-16 unit (0-255) per byte. */
class Bytes {
  constructor(readonly data: string) {}
}

/** A `complex` value. */
class Complex {
  constructor(readonly re: number, readonly im: number) {}
}

/** A `tuple`. */
class Tuple {
  constructor(readonly items: Obj[]) {}
}

/** A `set` (its members only matter for hashing errors). */
class PySet {
  readonly items: Obj[] = [];
}

/** A `dict` under construction, with Python key equality. */
class Dict {
  readonly keys: Obj[] = [];
  readonly values: Obj[] = [];
  readonly index = new Map<string, number>();
}

/** `...` */
class EllipsisObject {}
const ELLIPSIS = new EllipsisObject();

/** A node literal_eval rejects (`ValueError: malformed node or string`). */
class Malformed {}
const MALFORMED = new Malformed();

type Obj =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | Bytes
  | Complex
  | Tuple
  | Obj[]
  | PySet
  | Dict
  | EllipsisObject
  | Malformed;

/** Thrown (one shared instance, no stack) where Python raises SyntaxError. */
class SyntaxBail {}
const SYNTAX = new SyntaxBail();

/** What the parser knows about the node just parsed, for literal_eval's number rules. */
const enum Kind {
  /** Anything else. */
  Other,
  /** A numeric constant (int, float, complex; not bool), parentheses allowed. */
  Number,
  /** `+`/`-` applied to a numeric constant. */
  Signed,
  /** `a + b` / `a - b`. */
  Binary,
}

const MALFORMED_PROBLEM = "malformed";

// ---------------------------------------------------------------------------
// Characters

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Letters, digits, `_`, and (approximately) any non-ASCII character. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f ||
    c >= 0x80;
}

function isRadixDigit(c: number, radix: number): boolean {
  if (radix === 16) return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  return c >= 0x30 && c < 0x30 + radix;
}

/** Length of a valid string prefix (`r`, `b`, `rb`, `f`, ...) followed by a quote at `i`, or -1. */
function stringStart(s: string, i: number): number {
  for (let n = 0; n <= 2; n++) {
    const c = s.charCodeAt(i + n);
    if (c === 0x27 || c === 0x22) return isStringPrefix(s.slice(i, i + n)) ? n : -1;
    if (!isNameChar(c)) return -1;
  }
  return -1;
}

const STRING_PREFIXES = new Set(["", "r", "u", "b", "f", "br", "rb", "fr", "rf"]);

function isStringPrefix(prefix: string): boolean {
  return STRING_PREFIXES.has(prefix.toLowerCase());
}

const KEYWORDS = new Set([
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

/** Python's tokenizer nests at most this many brackets ("too many nested parentheses"). */
const MAX_NESTING = 200;

/** Python refuses decimal int literals longer than this (`sys.get_int_max_str_digits()`). */
const MAX_DECIMAL_DIGITS = 4300;

// ---------------------------------------------------------------------------
// Numbers

/** What the last successful {@linkcode scanNumber} found: 0 a decimal int, 1 a float,
 * 3 an imaginary, else 100 + the radix (16, 8, 2) of an int whose digits start at
 * `scannedDigits`. */
let scannedKind = 0;
let scannedDigits = 0;

/** Consumes digits and single underscores between digits; `s[i]` is a digit. */
function decimalTail(s: string, i: number): number {
  for (;;) {
    do i++; while (isDigit(s.charCodeAt(i)));
    if (s.charCodeAt(i) !== 0x5f) return i;
    if (!isDigit(s.charCodeAt(++i))) return -1;
  }
}

/**
 * Scans one Python number token at `start` (a digit, or `.` before a digit) the way the
 * 3.11 tokenizer does. Returns the end, or -1 where Python raises SyntaxError (which
 * includes a number directly followed by a name character). {@linkcode numberValue} gives
 * the value.
 */
function scanNumber(s: string, start: number): number {
  let i = start;
  let c = s.charCodeAt(i);
  if (c === 0x30) {
    const letter = s.charCodeAt(i + 1) | 0x20;
    const radix = letter === 0x78 ? 16 : letter === 0x6f ? 8 : letter === 0x62 ? 2 : 0;
    if (radix) {
      i += 2;
      const digitsStart = i;
      for (;;) {
        if (s.charCodeAt(i) === 0x5f) i++;
        if (!isRadixDigit(s.charCodeAt(i), radix)) return -1;
        do i++; while (isRadixDigit(s.charCodeAt(i), radix));
        if (s.charCodeAt(i) !== 0x5f) break;
      }
      if (isNameChar(s.charCodeAt(i))) return -1;
      scannedKind = 100 + radix;
      scannedDigits = digitsStart;
      return i;
    }
    // "0", "00", "0_0", and floats/imaginaries with leading zeros ("00.5", "07j").
    i++;
    for (;;) {
      c = s.charCodeAt(i);
      if (c === 0x5f) {
        c = s.charCodeAt(++i);
        if (!isDigit(c)) return -1;
      }
      if (c !== 0x30) break;
      i++;
    }
    let nonzero = false;
    if (isDigit(c)) {
      nonzero = true;
      i = decimalTail(s, i);
      if (i < 0) return -1;
      c = s.charCodeAt(i);
    }
    if (c !== 0x2e && c !== 0x65 && c !== 0x45 && c !== 0x6a && c !== 0x4a) {
      if (nonzero || isNameChar(c)) return -1; // "leading zeros in decimal integer literals"
      scannedKind = 0;
      return i;
    }
  } else if (c !== 0x2e) {
    i = decimalTail(s, i);
    if (i < 0) return -1;
    c = s.charCodeAt(i);
  }
  let isFloat = false;
  if (c === 0x2e) {
    isFloat = true;
    c = s.charCodeAt(++i);
    if (isDigit(c)) {
      i = decimalTail(s, i);
      if (i < 0) return -1;
      c = s.charCodeAt(i);
    }
  }
  if (c === 0x65 || c === 0x45) {
    let d = s.charCodeAt(++i);
    if (d === 0x2b || d === 0x2d) d = s.charCodeAt(++i);
    if (!isDigit(d)) return -1;
    i = decimalTail(s, i);
    if (i < 0) return -1;
    c = s.charCodeAt(i);
    isFloat = true;
  }
  let imaginary = false;
  if (c === 0x6a || c === 0x4a) {
    imaginary = true;
    c = s.charCodeAt(++i);
  }
  if (isNameChar(c)) return -1;
  scannedKind = imaginary ? 3 : isFloat ? 1 : 0;
  return i;
}

/**
 * The value of the number {@linkcode scanNumber} just scanned at `s[start, end)`, or
 * undefined for a decimal int beyond 4300 digits (a SyntaxError in Python).
 */
function numberValue(
  s: string,
  start: number,
  end: number,
): number | bigint | PyFloat | Complex | undefined {
  if (scannedKind > 3) {
    const radix = scannedKind - 100;
    const digits = s.slice(scannedDigits, end).replaceAll("_", "");
    if (digits.length <= 12) return parseInt(digits, radix);
    return toInt(BigInt((radix === 16 ? "0x" : radix === 8 ? "0o" : "0b") + digits));
  }
  if (scannedKind === 0 && end - start <= 15) {
    let value = 0;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c !== 0x5f) value = value * 10 + c - 0x30;
    }
    return value;
  }
  let text = s.slice(start, scannedKind === 3 ? end - 1 : end);
  if (text.includes("_")) text = text.replaceAll("_", "");
  // parseFloat/parseInt: much faster than Number() on sliced strings; the text is valid.
  if (scannedKind === 3) return new Complex(0, parseFloat(text));
  if (scannedKind === 1) return new PyFloat(parseFloat(text));
  if (text.length <= 15) return parseInt(text, 10);
  return text.length > MAX_DECIMAL_DIGITS ? undefined : toInt(BigInt(text));
}

/** A Python int as the value model holds it: a number when safe, else a bigint. */
function toInt(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

// ---------------------------------------------------------------------------
// Strings

/** The decoded {@linkcode NAME_TABLE}, built on first use. */
let names: Map<string, number> | undefined;

// Character names for \N{...}: `NAME[=hex]` joined by `;` in code point order (the code
// point is given when it is not the previous one plus one), then aliases. `$s`, `$c`,
// `$g`, `$G`, `$w` abbreviate LATIN SMALL LETTER, LATIN CAPITAL LETTER, GREEK SMALL
// LETTER, GREEK CAPITAL LETTER and WITH. Generated by
// `scripts/record_python_values.py --names` from Python 3.11's unicodedata.
const NAME_TABLE =
  "SPACE=20;EXCLAMATION MARK;QUOTATION MARK;NUMBER SIGN;DOLLAR SIGN;PERCENT SIGN;AMPERSAND;" +
  "APOSTROPHE;LEFT PARENTHESIS;RIGHT PARENTHESIS;ASTERISK;PLUS SIGN;COMMA;HYPHEN-MINUS;" +
  "FULL STOP;SOLIDUS;DIGIT ZERO;DIGIT ONE;DIGIT TWO;DIGIT THREE;DIGIT FOUR;DIGIT FIVE;" +
  "DIGIT SIX;DIGIT SEVEN;DIGIT EIGHT;DIGIT NINE;COLON;SEMICOLON;LESS-THAN SIGN;EQUALS SIGN;" +
  "GREATER-THAN SIGN;QUESTION MARK;COMMERCIAL AT;$cA;$cB;$cC;$cD;$cE;$cF;$cG;$cH;$cI;$cJ;$cK;" +
  "$cL;$cM;$cN;$cO;$cP;$cQ;$cR;$cS;$cT;$cU;$cV;$cW;$cX;$cY;$cZ;LEFT SQUARE BRACKET;" +
  "REVERSE SOLIDUS;RIGHT SQUARE BRACKET;CIRCUMFLEX ACCENT;LOW LINE;GRAVE ACCENT;$sA;$sB;$sC;" +
  "$sD;$sE;$sF;$sG;$sH;$sI;$sJ;$sK;$sL;$sM;$sN;$sO;$sP;$sQ;$sR;$sS;$sT;$sU;$sV;$sW;$sX;$sY;" +
  "$sZ;LEFT CURLY BRACKET;VERTICAL LINE;RIGHT CURLY BRACKET;TILDE;NO-BREAK SPACE=a0;" +
  "INVERTED EXCLAMATION MARK;CENT SIGN;POUND SIGN;CURRENCY SIGN;YEN SIGN;BROKEN BAR;" +
  "SECTION SIGN;DIAERESIS;COPYRIGHT SIGN;FEMININE ORDINAL INDICATOR;" +
  "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK;NOT SIGN;SOFT HYPHEN;REGISTERED SIGN;MACRON;" +
  "DEGREE SIGN;PLUS-MINUS SIGN;SUPERSCRIPT TWO;SUPERSCRIPT THREE;ACUTE ACCENT;MICRO SIGN;" +
  "PILCROW SIGN;MIDDLE DOT;CEDILLA;SUPERSCRIPT ONE;MASCULINE ORDINAL INDICATOR;" +
  "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK;VULGAR FRACTION ONE QUARTER;" +
  "VULGAR FRACTION ONE HALF;VULGAR FRACTION THREE QUARTERS;INVERTED QUESTION MARK;$cA$wGRAVE;" +
  "$cA$wACUTE;$cA$wCIRCUMFLEX;$cA$wTILDE;$cA$wDIAERESIS;$cA$wRING ABOVE;$cAE;$cC$wCEDILLA;" +
  "$cE$wGRAVE;$cE$wACUTE;$cE$wCIRCUMFLEX;$cE$wDIAERESIS;$cI$wGRAVE;$cI$wACUTE;" +
  "$cI$wCIRCUMFLEX;$cI$wDIAERESIS;$cETH;$cN$wTILDE;$cO$wGRAVE;$cO$wACUTE;$cO$wCIRCUMFLEX;" +
  "$cO$wTILDE;$cO$wDIAERESIS;MULTIPLICATION SIGN;$cO$wSTROKE;$cU$wGRAVE;$cU$wACUTE;" +
  "$cU$wCIRCUMFLEX;$cU$wDIAERESIS;$cY$wACUTE;$cTHORN;$sSHARP S;$sA$wGRAVE;$sA$wACUTE;" +
  "$sA$wCIRCUMFLEX;$sA$wTILDE;$sA$wDIAERESIS;$sA$wRING ABOVE;$sAE;$sC$wCEDILLA;$sE$wGRAVE;" +
  "$sE$wACUTE;$sE$wCIRCUMFLEX;$sE$wDIAERESIS;$sI$wGRAVE;$sI$wACUTE;$sI$wCIRCUMFLEX;" +
  "$sI$wDIAERESIS;$sETH;$sN$wTILDE;$sO$wGRAVE;$sO$wACUTE;$sO$wCIRCUMFLEX;$sO$wTILDE;" +
  "$sO$wDIAERESIS;DIVISION SIGN;$sO$wSTROKE;$sU$wGRAVE;$sU$wACUTE;$sU$wCIRCUMFLEX;" +
  "$sU$wDIAERESIS;$sY$wACUTE;$sTHORN;$sY$wDIAERESIS;$cA$wMACRON;$sA$wMACRON;$cA$wBREVE;" +
  "$sA$wBREVE;$cA$wOGONEK;$sA$wOGONEK;$cC$wACUTE;$sC$wACUTE;$cC$wCIRCUMFLEX;$sC$wCIRCUMFLEX;" +
  "$cC$wDOT ABOVE;$sC$wDOT ABOVE;$cC$wCARON;$sC$wCARON;$cD$wCARON;$sD$wCARON;$cD$wSTROKE;" +
  "$sD$wSTROKE;$cE$wMACRON;$sE$wMACRON;$cE$wBREVE;$sE$wBREVE;$cE$wDOT ABOVE;$sE$wDOT ABOVE;" +
  "$cE$wOGONEK;$sE$wOGONEK;$cE$wCARON;$sE$wCARON;$cG$wCIRCUMFLEX;$sG$wCIRCUMFLEX;$cG$wBREVE;" +
  "$sG$wBREVE;$cG$wDOT ABOVE;$sG$wDOT ABOVE;$cG$wCEDILLA;$sG$wCEDILLA;$cH$wCIRCUMFLEX;" +
  "$sH$wCIRCUMFLEX;$cH$wSTROKE;$sH$wSTROKE;$cI$wTILDE;$sI$wTILDE;$cI$wMACRON;$sI$wMACRON;" +
  "$cI$wBREVE;$sI$wBREVE;$cI$wOGONEK;$sI$wOGONEK;$cI$wDOT ABOVE;$sDOTLESS I;" +
  "LATIN CAPITAL LIGATURE IJ;LATIN SMALL LIGATURE IJ;$cJ$wCIRCUMFLEX;$sJ$wCIRCUMFLEX;" +
  "$cK$wCEDILLA;$sK$wCEDILLA;$sKRA;$cL$wACUTE;$sL$wACUTE;$cL$wCEDILLA;$sL$wCEDILLA;" +
  "$cL$wCARON;$sL$wCARON;$cL$wMIDDLE DOT;$sL$wMIDDLE DOT;$cL$wSTROKE;$sL$wSTROKE;$cN$wACUTE;" +
  "$sN$wACUTE;$cN$wCEDILLA;$sN$wCEDILLA;$cN$wCARON;$sN$wCARON;$sN PRECEDED BY APOSTROPHE;" +
  "$cENG;$sENG;$cO$wMACRON;$sO$wMACRON;$cO$wBREVE;$sO$wBREVE;$cO$wDOUBLE ACUTE;" +
  "$sO$wDOUBLE ACUTE;LATIN CAPITAL LIGATURE OE;LATIN SMALL LIGATURE OE;$cR$wACUTE;$sR$wACUTE;" +
  "$cR$wCEDILLA;$sR$wCEDILLA;$cR$wCARON;$sR$wCARON;$cS$wACUTE;$sS$wACUTE;$cS$wCIRCUMFLEX;" +
  "$sS$wCIRCUMFLEX;$cS$wCEDILLA;$sS$wCEDILLA;$cS$wCARON;$sS$wCARON;$cT$wCEDILLA;$sT$wCEDILLA;" +
  "$cT$wCARON;$sT$wCARON;$cT$wSTROKE;$sT$wSTROKE;$cU$wTILDE;$sU$wTILDE;$cU$wMACRON;" +
  "$sU$wMACRON;$cU$wBREVE;$sU$wBREVE;$cU$wRING ABOVE;$sU$wRING ABOVE;$cU$wDOUBLE ACUTE;" +
  "$sU$wDOUBLE ACUTE;$cU$wOGONEK;$sU$wOGONEK;$cW$wCIRCUMFLEX;$sW$wCIRCUMFLEX;$cY$wCIRCUMFLEX;" +
  "$sY$wCIRCUMFLEX;$cY$wDIAERESIS;$cZ$wACUTE;$sZ$wACUTE;$cZ$wDOT ABOVE;$sZ$wDOT ABOVE;" +
  "$cZ$wCARON;$sZ$wCARON;$sLONG S;$GALPHA=391;$GBETA;$GGAMMA;$GDELTA;$GEPSILON;$GZETA;$GETA;" +
  "$GTHETA;$GIOTA;$GKAPPA;$GLAMDA;$GMU;$GNU;$GXI;$GOMICRON;$GPI;$GRHO;$GSIGMA=3a3;$GTAU;" +
  "$GUPSILON;$GPHI;$GCHI;$GPSI;$GOMEGA;$GIOTA$wDIALYTIKA;$GUPSILON$wDIALYTIKA;$gALPHA$wTONOS;" +
  "$gEPSILON$wTONOS;$gETA$wTONOS;$gIOTA$wTONOS;$gUPSILON$wDIALYTIKA AND TONOS;$gALPHA;$gBETA;" +
  "$gGAMMA;$gDELTA;$gEPSILON;$gZETA;$gETA;$gTHETA;$gIOTA;$gKAPPA;$gLAMDA;$gMU;$gNU;$gXI;" +
  "$gOMICRON;$gPI;$gRHO;$gFINAL SIGMA;$gSIGMA;$gTAU;$gUPSILON;$gPHI;$gCHI;$gPSI;$gOMEGA;" +
  "HYPHEN=2010;NON-BREAKING HYPHEN;FIGURE DASH;EN DASH;EM DASH;HORIZONTAL BAR;" +
  "LEFT SINGLE QUOTATION MARK=2018;RIGHT SINGLE QUOTATION MARK;SINGLE LOW-9 QUOTATION MARK;" +
  "LEFT DOUBLE QUOTATION MARK=201c;RIGHT DOUBLE QUOTATION MARK;DOUBLE LOW-9 QUOTATION MARK;" +
  "DAGGER=2020;DOUBLE DAGGER;BULLET;HORIZONTAL ELLIPSIS=2026;PER MILLE SIGN=2030;PRIME=2032;" +
  "DOUBLE PRIME;SINGLE LEFT-POINTING ANGLE QUOTATION MARK=2039;" +
  "SINGLE RIGHT-POINTING ANGLE QUOTATION MARK;EURO SIGN=20ac;TRADE MARK SIGN=2122;" +
  "LEFTWARDS ARROW=2190;UPWARDS ARROW;RIGHTWARDS ARROW;DOWNWARDS ARROW;LEFT RIGHT ARROW;" +
  "RIGHTWARDS DOUBLE ARROW=21d2;FOR ALL=2200;PARTIAL DIFFERENTIAL=2202;THERE EXISTS;" +
  "EMPTY SET=2205;ELEMENT OF=2208;N-ARY SUMMATION=2211;MINUS SIGN;SQUARE ROOT=221a;" +
  "INFINITY=221e;ALMOST EQUAL TO=2248;NOT EQUAL TO=2260;LESS-THAN OR EQUAL TO=2264;" +
  "GREATER-THAN OR EQUAL TO;CHECK MARK=2713;HEAVY CHECK MARK;BALLOT X=2717;HEAVY BALLOT X;" +
  "SNOWMAN=2603;BLACK STAR=2605;WHITE STAR;HEAVY BLACK HEART=2764;ZERO WIDTH SPACE=200b;" +
  "ZERO WIDTH NON-JOINER;ZERO WIDTH JOINER;LINE SEPARATOR=2028;PARAGRAPH SEPARATOR;" +
  "WORD JOINER=2060;ZERO WIDTH NO-BREAK SPACE=feff;REPLACEMENT CHARACTER=fffd;" +
  "BLACK CIRCLE=25cf;WHITE CIRCLE=25cb;MIDDLE DOT=b7;NULL=0;NUL=0;LINE FEED=a;LF=a;" +
  "NEW LINE=a;END OF LINE=a;NL=a;EOL=a;CHARACTER TABULATION=9;HORIZONTAL TABULATION=9;HT=9;" +
  "TAB=9;CARRIAGE RETURN=d;CR=d;ESCAPE=1b;ESC=1b;DELETE=7f;DEL=7f;SP=20;NBSP=a0;ZWSP=200b;" +
  "ZWNJ=200c;ZWJ=200d;BYTE ORDER MARK=feff;BOM=feff;ZWNBSP=feff;ALERT=7;BEL=7;BACKSPACE=8;" +
  "BS=8;FORM FEED=c;FF=c;LINE TABULATION=b;VT=b;NEXT LINE=85;NEL=85;SHY=ad;WJ=2060";

function nameTable(): Map<string, number> {
  if (names) return names;
  names = new Map();
  const abbreviations: Record<string, string> = {
    s: "LATIN SMALL LETTER ",
    c: "LATIN CAPITAL LETTER ",
    g: "GREEK SMALL LETTER ",
    G: "GREEK CAPITAL LETTER ",
    w: " WITH ",
  };
  let codePoint = -1;
  for (const entry of NAME_TABLE.split(";")) {
    const equals = entry.indexOf("=");
    codePoint = equals < 0 ? codePoint + 1 : parseInt(entry.slice(equals + 1), 16);
    const name = (equals < 0 ? entry : entry.slice(0, equals)).replace(
      /\$(.)/g,
      (_, letter: string) => abbreviations[letter]!,
    );
    names.set(name, codePoint);
  }
  return names;
}

const CJK_RANGES = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b738],
  [0x2b740, 0x2b81d],
  [0x2b820, 0x2cea1],
  [0x2ceb0, 0x2ebe0],
  [0x30000, 0x3134a],
];
const JAMO_L = "G GG N D DD R M B BB S SS  J JJ C K T P H".split(" ");
const JAMO_V = "A AE YA YAE EO E YEO YE O WA WAE OE YO U WEO WE WI YU EU YI I".split(" ");
const JAMO_T = " G GG GS N NJ NH D L LG LM LB LS LT LP LH M B BS S SS NG J C K T P H".split(" ");

/** The longest of `names` that `text` continues with at `at`: [index, length], or undefined. */
function longestJamo(text: string, at: number, names: string[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  names.forEach((name, index) => {
    if (text.startsWith(name, at) && (best === undefined || name.length > best[1])) {
      best = [index, name.length];
    }
  });
  return best;
}

/** `unicodedata.lookup` for the names this module knows; -1 otherwise. */
function lookupName(name: string): number {
  if (name.startsWith("CJK UNIFIED IDEOGRAPH-")) {
    const hex = name.slice(22);
    if (!/^[0-9A-F]{4,5}$/.test(hex)) return -1;
    const code = parseInt(hex, 16);
    return CJK_RANGES.some(([low, high]) => code >= low! && code <= high!) ? code : -1;
  }
  if (name.startsWith("HANGUL SYLLABLE ")) {
    let at = 16;
    const l = longestJamo(name, at, JAMO_L);
    if (!l) return -1;
    at += l[1];
    const v = longestJamo(name, at, JAMO_V);
    if (!v) return -1;
    at += v[1];
    const t = longestJamo(name, at, JAMO_T);
    if (!t || at + t[1] !== name.length) return -1;
    return 0xac00 + (l[0] * 21 + v[0]) * 28 + t[0];
  }
  return nameTable().get(name.toUpperCase()) ?? -1;
}

/** Reads 2, 4 or 8 hex digits at `at`; -1 when they are not all there. */
function hexDigits(text: string, at: number, count: number): number {
  if (at + count > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (!isRadixDigit(c, 16)) return -1;
    value = value * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

/** Decodes the escapes of a non-raw literal body; -1 → SyntaxError. */
function decodeEscapes(body: string, bytes: boolean): string {
  let out = "";
  let chunk = 0;
  let k = body.indexOf("\\");
  while (k !== -1) {
    out += body.slice(chunk, k);
    const e = body[k + 1]!;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      k += 2;
    } else if (e >= "0" && e <= "7") {
      let end = k + 2;
      while (end < k + 4 && body[end]! >= "0" && body[end]! <= "7") end++;
      const value = parseInt(body.slice(k + 1, end), 8);
      out += String.fromCharCode(bytes ? value & 0xff : value);
      k = end;
    } else if (e === "x") {
      const value = hexDigits(body, k + 2, 2);
      if (value < 0) throw SYNTAX;
      out += String.fromCharCode(value);
      k += 4;
    } else if (!bytes && (e === "u" || e === "U")) {
      const count = e === "u" ? 4 : 8;
      const value = hexDigits(body, k + 2, count);
      if (value < 0 || value > 0x10ffff) throw SYNTAX;
      out += String.fromCodePoint(value);
      k += 2 + count;
    } else if (!bytes && e === "N") {
      const close = body.indexOf("}", k + 3);
      if (body[k + 2] !== "{" || close < 0 || close === k + 3) throw SYNTAX;
      const value = lookupName(body.slice(k + 3, close));
      if (value < 0) throw SYNTAX;
      out += String.fromCodePoint(value);
      k = close + 1;
    } else {
      out += "\\"; // not an escape: kept (Python only warns)
      k++;
    }
    chunk = k;
    k = body.indexOf("\\", k);
  }
  return out + body.slice(chunk);
}

/** UTF-8 decoding with Python's `surrogateescape`: each undecodable byte b → U+DC00+b. */
function decodeUtf8SurrogateEscape(data: string): string {
  let out = "";
  const n = data.length;
  for (let i = 0; i < n;) {
    const b = data.charCodeAt(i);
    if (b < 0x80) {
      out += data[i];
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    let code = 0;
    if (b >= 0xc2 && b <= 0xdf) [need, code, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, code, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, code, min] = [3, b & 0x07, 0x10000];
    let j = i + 1;
    for (; need > 0 && j <= i + need; j++) {
      const c = data.charCodeAt(j);
      if (!(c >= 0x80 && c <= 0xbf)) break;
      code = code * 64 + (c & 0x3f);
    }
    if (
      need > 0 && j === i + need + 1 && code >= min && code <= 0x10ffff &&
      !(code >= 0xd800 && code <= 0xdfff)
    ) {
      out += String.fromCodePoint(code);
      i = j;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Parser: a recursive descent over the literal subset of Python's expression grammar,
// evaluating as it goes, in the order Python's literal_eval converts nodes.

class Parser {
  i = 0;
  private depth = 0;
  /** Kind of the node parse functions just returned. */
  private kind = Kind.Other;
  /** The first error literal_eval would raise: MALFORMED_PROBLEM or a TypeError message. */
  problem: string | undefined;
  /** Whether a value JSON cannot hold was made (set, complex, bytes, `...`, tuple). */
  exotic = false;

  constructor(private readonly s: string) {}

  /** Skips blanks, comments and line continuations; newlines too inside brackets. */
  private skip(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0c) this.i++;
      else if (c === 0x23) {
        const newline = s.indexOf("\n", this.i);
        this.i = newline < 0 ? s.length : newline;
      } else if (c === 0x5c) {
        if (s.charCodeAt(this.i + 1) !== 0x0a) throw SYNTAX;
        this.i += 2;
        if (this.i >= s.length) throw SYNTAX;
      } else if (c === 0x0a && this.depth > 0) this.i++;
      else return;
    }
  }

  private at(): number {
    return this.s.charCodeAt(this.i);
  }

  private malformed(before: string | undefined): Malformed {
    this.problem = before ?? MALFORMED_PROBLEM;
    this.kind = Kind.Other;
    return MALFORMED;
  }

  parse(): Obj {
    const s = this.s;
    // Blank and comment lines before the expression; its line must not be indented.
    let column = 0;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20) column++;
      else if (c === 0x09) column = (Math.floor(column / 8) + 1) * 8;
      else if (c === 0x0c) column = 0;
      else if (c === 0x0a) column = 0;
      else if (c === 0x23) {
        this.skip();
        continue;
      } else if (c === 0x5c) {
        // A continuation: the next line's blanks count towards this line's indentation.
        if (s.charCodeAt(this.i + 1) !== 0x0a || this.i + 2 >= s.length) throw SYNTAX;
        this.i++;
      } else break;
      this.i++;
    }
    if (this.i >= s.length || column !== 0) throw SYNTAX;
    let value = this.expression();
    this.skip();
    if (this.at() === 0x2c) {
      const items = [value];
      while (this.at() === 0x2c) {
        this.i++;
        this.skip();
        if (this.i >= s.length || this.at() === 0x0a) break;
        items.push(this.expression());
        this.skip();
      }
      value = new Tuple(items);
      this.exotic = true;
    }
    // Only blank lines and comments may follow; an unterminated last line of blanks
    // counts as indented (IndentationError).
    column = 0;
    let newline = false;
    for (;;) {
      const c = this.at();
      if (c === 0x20) column++;
      else if (c === 0x09) column = (Math.floor(column / 8) + 1) * 8;
      else if (c === 0x0c) column = 0;
      else if (c === 0x0a) {
        column = 0;
        newline = true;
      } else if (c === 0x23) {
        this.skip();
        column = 0;
        continue;
      } else if (this.i >= s.length) {
        if (newline && column > 0) throw SYNTAX;
        return value;
      } else throw SYNTAX;
      this.i++;
    }
  }

  /** `sum` in Python's grammar, restricted to what literal_eval can accept. */
  private expression(): Obj {
    const before = this.problem;
    let left = this.factor();
    for (;;) {
      this.skip();
      const c = this.at();
      if (c !== 0x2b && c !== 0x2d) return left;
      const next = this.s.charCodeAt(this.i + 1);
      if (next === 0x3d || (c === 0x2d && next === 0x3e)) throw SYNTAX; // += -= ->
      const leftKind = this.kind;
      this.i++;
      this.skip();
      const right = this.factor();
      // Python converts the left operand, then the right one, each only if it is a
      // (signed) number; nothing inside a rejected operand is evaluated.
      if (
        (leftKind !== Kind.Number && leftKind !== Kind.Signed) || this.kind !== Kind.Number ||
        !(typeof left === "number" || typeof left === "bigint" || left instanceof PyFloat) ||
        !(right instanceof Complex)
      ) {
        left = this.malformed(before);
        this.kind = Kind.Binary;
        continue;
      }
      const real = left instanceof PyFloat ? left.value : Number(left);
      left = c === 0x2b
        ? new Complex(real + right.re, right.im)
        : new Complex(real - right.re, -right.im);
      this.kind = Kind.Binary;
    }
  }

  /** Unary `+`/`-` (literal_eval accepts one, on a number) and an atom. */
  private factor(): Obj {
    let signs = 0;
    let negative = false;
    for (;;) {
      const c = this.at();
      if (c === 0x7e) throw SYNTAX; // ~x: not a literal
      if (c !== 0x2b && c !== 0x2d) break;
      const next = this.s.charCodeAt(this.i + 1);
      if (next === 0x3d || (c === 0x2d && next === 0x3e)) throw SYNTAX;
      if (signs++ === 0) negative = c === 0x2d;
      this.i++;
      this.skip();
    }
    const before = this.problem;
    const operand = this.atom();
    if (signs === 0) return operand;
    if (signs > 1 || this.kind !== Kind.Number) return this.malformed(before);
    this.kind = Kind.Signed;
    if (!negative) return operand;
    if (typeof operand === "number") return operand === 0 ? 0 : -operand;
    if (typeof operand === "bigint") return toInt(-operand);
    if (operand instanceof PyFloat) return new PyFloat(-operand.value);
    const complex = operand as Complex;
    return new Complex(-complex.re, -complex.im);
  }

  private atom(): Obj {
    const s = this.s;
    const c = this.at();
    this.kind = Kind.Other;
    let value: Obj;
    if (isDigit(c) || (c === 0x2e && isDigit(s.charCodeAt(this.i + 1)))) {
      const end = scanNumber(s, this.i);
      const number = end < 0 ? undefined : numberValue(s, this.i, end);
      if (number === undefined) throw SYNTAX;
      if (number instanceof Complex) this.exotic = true;
      this.i = end;
      value = number;
      this.kind = Kind.Number;
    } else if (c === 0x27 || c === 0x22) {
      value = this.strings();
    } else if (isNameChar(c)) {
      value = this.name();
    } else if (c === 0x28) {
      value = this.parenthesized();
    } else if (c === 0x5b) {
      value = this.list();
    } else if (c === 0x7b) {
      value = this.braces();
    } else if (c === 0x2e && s.startsWith("...", this.i)) {
      this.i += 3;
      value = ELLIPSIS;
      this.exotic = true;
    } else {
      throw SYNTAX;
    }
    // A call, subscript or attribute would make this no literal.
    const kind = this.kind;
    this.skip();
    const next = this.at();
    if (next === 0x28 || next === 0x5b || next === 0x2e) throw SYNTAX;
    this.kind = kind;
    return value;
  }

  private name(): Obj {
    const s = this.s;
    if (stringStart(s, this.i) > 0) return this.strings();
    const start = this.i;
    while (isNameChar(s.charCodeAt(this.i))) this.i++;
    const word = s.slice(start, this.i);
    switch (word) {
      case "True":
        return true;
      case "False":
        return false;
      case "None":
        return null;
      case "set": {
        const save = this.i;
        this.skip();
        if (this.at() !== 0x28) {
          this.i = save;
          break;
        }
        this.open();
        this.skip();
        if (this.at() !== 0x29) throw SYNTAX; // set(...) with arguments: not a literal
        this.close();
        this.exotic = true;
        return new PySet();
      }
    }
    if (KEYWORDS.has(word)) throw SYNTAX;
    return this.malformed(this.problem); // a name
  }

  private open(): void {
    if (++this.depth > MAX_NESTING) throw SYNTAX;
    this.i++;
  }

  private close(): void {
    this.depth--;
    this.i++;
  }

  /** Adjacent string literals, concatenated. */
  private strings(): Obj {
    const s = this.s;
    let bytes: boolean | undefined;
    let formatted = false;
    let text = "";
    for (;;) {
      const prefixLength = stringStart(s, this.i);
      const prefix = s.slice(this.i, this.i + prefixLength).toLowerCase();
      const isBytes = prefix.includes("b");
      const raw = prefix.includes("r");
      if (prefix.includes("f")) formatted = true;
      if (bytes === undefined) bytes = isBytes;
      else if (bytes !== isBytes) throw SYNTAX; // cannot mix bytes and nonbytes literals
      this.i += prefixLength;
      const quote = this.at();
      const triple = s.charCodeAt(this.i + 1) === quote && s.charCodeAt(this.i + 2) === quote;
      const bodyStart = this.i + (triple ? 3 : 1);
      let j = bodyStart;
      for (;;) {
        const c = s.charCodeAt(j);
        if (c !== c) throw SYNTAX; // unterminated
        if (c === 0x5c) {
          if (j + 1 >= s.length) throw SYNTAX;
          j += 2;
        } else if (c === quote) {
          if (!triple) break;
          if (s.charCodeAt(j + 1) === quote && s.charCodeAt(j + 2) === quote) break;
          j++;
        } else if (c === 0x0a && !triple) {
          throw SYNTAX;
        } else {
          j++;
        }
      }
      const body = s.slice(bodyStart, j);
      this.i = j + (triple ? 3 : 1);
      if (isBytes && /[\u0080-\uffff]/.test(body)) throw SYNTAX; // bytes can only contain ASCII
      text += raw || !body.includes("\\") ? body : decodeEscapes(body, isBytes);
      const save = this.i;
      this.skip();
      if (stringStart(s, this.i) < 0) {
        this.i = save;
        break;
      }
    }
    if (formatted) return this.malformed(this.problem); // an f-string is a JoinedStr node
    if (!bytes) return text;
    this.exotic = true;
    return new Bytes(text);
  }

  private parenthesized(): Obj {
    this.open();
    this.skip();
    if (this.at() === 0x29) {
      this.close();
      this.kind = Kind.Other;
      this.exotic = true;
      return new Tuple([]);
    }
    const first = this.expression();
    const kind = this.kind;
    this.skip();
    if (this.at() === 0x29) {
      this.close();
      this.kind = kind;
      return first;
    }
    const items = [first];
    while (this.at() === 0x2c) {
      this.i++;
      this.skip();
      if (this.at() === 0x29) break;
      items.push(this.expression());
      this.skip();
    }
    if (this.at() !== 0x29) throw SYNTAX;
    this.close();
    this.kind = Kind.Other;
    this.exotic = true;
    return new Tuple(items);
  }

  private list(): Obj {
    this.open();
    this.skip();
    const items: Obj[] = [];
    while (this.at() !== 0x5d) {
      items.push(this.expression());
      this.skip();
      if (this.at() === 0x5d) break;
      if (this.at() !== 0x2c) throw SYNTAX;
      this.i++;
      this.skip();
    }
    this.close();
    this.kind = Kind.Other;
    return items;
  }

  private braces(): Obj {
    this.open();
    this.skip();
    if (this.at() === 0x7d) {
      this.close();
      this.kind = Kind.Other;
      return new Dict();
    }
    if (this.at() === 0x2a) throw SYNTAX; // ** or * unpacking: not a literal
    const first = this.expression();
    this.skip();
    if (this.at() === 0x3a) {
      const dict = new Dict();
      let key = first;
      for (;;) {
        this.i++; // the colon
        this.skip();
        const value = this.expression();
        this.insert(dict, key, value);
        this.skip();
        if (this.at() === 0x7d) break;
        if (this.at() !== 0x2c) throw SYNTAX;
        this.i++;
        this.skip();
        if (this.at() === 0x7d) break;
        if (this.at() === 0x2a) throw SYNTAX;
        key = this.expression();
        this.skip();
        if (this.at() !== 0x3a) throw SYNTAX;
      }
      this.close();
      this.kind = Kind.Other;
      return dict;
    }
    const set = new PySet();
    this.exotic = true;
    this.add(set, first);
    for (;;) {
      if (this.at() === 0x7d) break;
      if (this.at() !== 0x2c) throw SYNTAX;
      this.i++;
      this.skip();
      if (this.at() === 0x7d) break;
      if (this.at() === 0x2a) throw SYNTAX;
      this.add(set, this.expression());
      this.skip();
    }
    this.close();
    this.kind = Kind.Other;
    return set;
  }

  private insert(dict: Dict, key: Obj, value: Obj): void {
    dict.keys.push(key); // kept even when evaluation already failed, never used then
    dict.values.push(value);
    if (this.problem !== undefined) return;
    const hash = this.hash(key);
    if (hash === undefined) return;
    const index = dict.index.get(hash);
    if (index === undefined) {
      dict.index.set(hash, dict.keys.length - 1);
    } else {
      dict.keys.pop();
      dict.values.pop();
      dict.values[index] = value;
    }
  }

  private add(set: PySet, item: Obj): void {
    if (this.problem === undefined && this.hash(item) !== undefined) set.items.push(item);
  }

  /** A string equal for keys Python finds equal; records Python's TypeError for unhashables. */
  private hash(value: Obj): string | undefined {
    const text = hashText(value);
    if (text.startsWith("!")) {
      this.problem = `unhashable type: '${text.slice(1)}'`;
      return undefined;
    }
    return text;
  }
}

/** See {@linkcode Parser.hash}; `!name` for an unhashable value of type `name`. */
function hashText(value: Obj): string {
  switch (typeof value) {
    case "string":
      return "s" + value;
    case "number":
    case "bigint":
      return "n" + value;
    case "boolean":
      return value ? "n1" : "n0";
  }
  if (value === null) return "N";
  if (value instanceof PyFloat) return numberHash(value.value);
  if (value instanceof Complex) {
    return value.im === 0 ? numberHash(value.re) : `c${value.re},${value.im}`;
  }
  if (value instanceof Bytes) return "b" + value.data;
  if (value instanceof Tuple) {
    const parts: string[] = [];
    for (const item of value.items) {
      const part = hashText(item);
      if (part.startsWith("!")) return part;
      parts.push(part);
    }
    return "t" + JSON.stringify(parts);
  }
  if (Array.isArray(value)) return "!list";
  if (value instanceof Dict) return "!dict";
  if (value instanceof PySet) return "!set";
  return "E"; // Ellipsis
}

function numberHash(x: number): string {
  return Number.isInteger(x) ? "n" + BigInt(x) : "f" + x;
}

// ---------------------------------------------------------------------------
// From Python objects to the value model

function typeName(value: Obj): string {
  if (value instanceof Tuple) return "tuple";
  if (value instanceof Complex) return "complex";
  if (value instanceof Bytes) return "bytes";
  if (value instanceof PySet) return "set";
  if (value instanceof EllipsisObject) return "ellipsis";
  return "object";
}

/** The first value json.dumps(sort_keys=False) would choke on, as its TypeError message. */
function unserializable(value: Obj, top: boolean): string | undefined {
  if (value instanceof Bytes) {
    return top ? undefined : "Object of type bytes is not JSON serializable";
  }
  if (value instanceof Complex || value instanceof PySet || value instanceof EllipsisObject) {
    return `Object of type ${typeName(value)} is not JSON serializable`;
  }
  if (value instanceof Tuple || Array.isArray(value)) {
    for (const item of value instanceof Tuple ? value.items : value) {
      const problem = unserializable(item, false);
      if (problem !== undefined) return problem;
    }
  } else if (value instanceof Dict) {
    for (let i = 0; i < value.keys.length; i++) {
      const key = value.keys[i]!;
      if (
        key instanceof Tuple || key instanceof Complex || key instanceof Bytes ||
        key instanceof EllipsisObject
      ) {
        return `keys must be str, int, float, bool or None, not ${typeName(key)}`;
      }
      const problem = unserializable(value.values[i]!, false);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function toValue(value: Obj): PyValue {
  if (value instanceof Tuple) return markTuple(value.items.map(toValue));
  if (Array.isArray(value)) return value.map(toValue);
  if (value instanceof Dict) {
    const map = new Map<PyKey, PyValue>();
    for (let i = 0; i < value.keys.length; i++) {
      map.set(value.keys[i] as PyKey, toValue(value.values[i]!));
    }
    return map;
  }
  if (value instanceof Bytes) return decodeUtf8SurrogateEscape(value.data);
  return value as PyValue;
}

// ---------------------------------------------------------------------------

/** First letters of the names that can start a literal: True False None set, string prefixes. */
const NAME_STARTS = new Set([..."TFNsrRuUbBfF"].map((c) => c.charCodeAt(0)));

/** Characters a Python literal (after leading blanks) can start with, besides names. */
const MAY_START = new Set([..."0123456789.'\"([{+-#\\\n\r\f"].map((c) => c.charCodeAt(0)));

/** Characters that may follow a complete first number in a longer literal (`1, 2`, `1+2j`). */
const AFTER_NUMBER = new Set([..." \t\f,+-#\\\n\r"].map((c) => c.charCodeAt(0)));

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Python 3.11's `ast.literal_eval(text)` as Ansible's INI plugin applies it to values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { literalEval } from "./literal_eval.ts";
 * assert.equal(literalEval("1_000"), 1000);
 * assert.equal(literalEval("010"), undefined); // SyntaxError: the INI value stays "010"
 * assert.equal(literalEval("b'xy'"), "xy");
 * assert.equal(literalEval("node1"), undefined);
 * ```
 *
 * @param text the raw value
 * @returns the value, or `undefined` where Python raises ValueError or SyntaxError
 * @throws {UnserializableValueError} for values Ansible cannot print (set, complex, `...`,
 *   nested bytes, tuple keys), with the message `ansible-inventory` crashes with
 * @throws {TypeError} where literal_eval raises TypeError (`unhashable type: 'list'`)
 */
export function literalEval(text: string): PyValue | undefined {
  // Python strips leading spaces and tabs before parsing.
  let start = 0;
  let c = text.charCodeAt(0);
  while (c === 0x20 || c === 0x09) c = text.charCodeAt(++start);
  if (c !== c) return undefined; // nothing left: SyntaxError
  if (isDigit(c)) {
    // Plain decimal ints: the most common literal.
    const length = text.length - start;
    if (length <= 15 && (c !== 0x30 || length === 1)) {
      let value = c - 0x30;
      let i = start + 1;
      for (; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d < 0x30 || d > 0x39) break;
        value = value * 10 + d - 0x30;
      }
      if (i === text.length) return value;
    }
  }
  if (isDigit(c) || (c === 0x2e && isDigit(text.charCodeAt(start + 1)))) {
    // Other numbers, and texts like 10.0.0.1 that start like one.
    const end = scanNumber(text, start);
    if (end < 0) return undefined;
    if (end === text.length) {
      const value = numberValue(text, start, end);
      if (value instanceof Complex) {
        throw new UnserializableValueError("Object of type complex is not JSON serializable");
      }
      return value;
    }
    if (!AFTER_NUMBER.has(text.charCodeAt(end))) return undefined;
  } else if (isNameChar(c)) {
    // A name makes the text no literal, except True, False, None, set() and string prefixes.
    if (!NAME_STARTS.has(c)) return undefined;
    if (text.length - start <= 5) {
      const word = start ? text.slice(start) : text;
      if (word === "True") return true;
      if (word === "False") return false;
      if (word === "None") return null;
    }
    if (
      !/^(?:True|False|None|set)(?![\w\u0080-\uffff])/.test(start ? text.slice(start) : text) &&
      stringStart(text, start) < 0
    ) return undefined;
  } else if (!MAY_START.has(c)) {
    return undefined;
  }
  let source = start ? text.slice(start) : text;
  for (let i = 0; i < source.length; i++) {
    const d = source.charCodeAt(i);
    if (d === 0 || d === 0x0d || (d >= 0xd800 && d <= 0xdfff)) {
      // Python refuses NULs and lone surrogates in source; it reads CR and CRLF as LF.
      if (source.includes("\0") || LONE_SURROGATE.test(source)) return undefined;
      if (source.includes("\r")) source = source.replace(/\r\n?/g, "\n");
      break;
    }
  }
  const parser = new Parser(source);
  let value: Obj;
  try {
    value = parser.parse();
  } catch (error) {
    if (error === SYNTAX) return undefined;
    throw error;
  }
  if (parser.problem === MALFORMED_PROBLEM) return undefined;
  if (parser.problem !== undefined) throw new TypeError(parser.problem);
  if (typeof value !== "object" || value === null || value instanceof PyFloat) return value;
  if (parser.exotic) {
    const problem = unserializable(value, true);
    if (problem !== undefined) throw new UnserializableValueError(problem);
  }
  return toValue(value);
}
