#!/usr/bin/python3
"""Records how the real Python (the one ansible-core 2.14 runs on) treats values.

Run it with the Debian interpreter Ansible uses, from the repository root:

    /usr/bin/python3 scripts/record_python_values.py            # writes tests/data/python_values.json
    /usr/bin/python3 scripts/record_python_values.py --names      # the \\N{...} table of literal_eval.ts
    /usr/bin/python3 scripts/record_python_values.py --printable  # the isprintable table of py_str.ts

The output feeds the differential tests of src/values/{literal_eval,json,py_str}_test.ts:

* literalEval: ast.literal_eval() of many texts (hand-picked and seeded random), what the INI
  plugin keeps (value or the raw string), how ansible-inventory's json.dumps prints the value
  (sorted, falling back to unsorted on TypeError, as lib/ansible/cli/inventory.py does) and str().
* floats: repr() of random doubles, given as their IEEE bits.
* strings: repr() and json.dumps(ensure_ascii=False) of random strings.
* jsonLoads: json.loads() with Ansible's AnsibleJSONDecoder (unsafe/vault objects), or the error.
* sorts: sorted(dict.items()) over mixed/NaN keys, i.e. CPython's list.sort comparison order.
* printable: the code point ranges for which str.isprintable() is False.
* names: unicodedata names that literal_eval.ts knows for \\N{...}.

Values are written in a tagged form (see tag()) so ints, floats, tuples and dict key types survive.
"""

import ast
import json
import math
import random
import re
import struct
import sys
import unicodedata
import warnings

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from ansible.parsing.ajson import AnsibleJSONDecoder  # noqa: E402
from ansible.parsing.yaml.objects import AnsibleVaultEncryptedUnicode  # noqa: E402
from ansible.utils.unsafe_proxy import AnsibleUnsafe  # noqa: E402

warnings.simplefilter("ignore")
sys.setrecursionlimit(10000)

SEED = 20240611
OUT = "tests/data/python_values.json"


# ---------------------------------------------------------------------------
# Tagged values


def tag(v):
    """A JSON-safe, type-preserving picture of a Python value."""
    if isinstance(v, AnsibleVaultEncryptedUnicode):
        return {"vault": v._ciphertext.decode("utf-8", "surrogateescape")}
    if isinstance(v, AnsibleUnsafe):
        return {"unsafe": str(v)}
    if v is None or v is True or v is False:
        return v
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"int": str(v)} if abs(v).bit_length() < 14000 else {"int": hex(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, complex):
        return {"complex": [repr(v.real), repr(v.imag)]}
    if isinstance(v, bytes):
        return {"bytes": v.decode("latin-1")}
    if v is Ellipsis:
        return {"ellipsis": True}
    if isinstance(v, tuple):
        return {"tuple": [tag(x) for x in v]}
    if isinstance(v, list):
        return {"list": [tag(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"set": len(v)}
    if isinstance(v, dict):
        # wrap_var() makes keys unsafe too, but they print as plain strings everywhere.
        return {"dict": [[str(k) if isinstance(k, AnsibleUnsafe) else tag(k), tag(x)] for k, x in v.items()]}
    raise TypeError("cannot tag %r" % (v,))


def ansible_dump(v):
    """json.dumps as ansible-inventory does it (cli/inventory.py dump())."""
    try:
        return {"text": json.dumps(v, sort_keys=True, indent=4, ensure_ascii=False)}
    except TypeError as e:
        first = str(e)
    except ValueError as e:
        return {"error": "ValueError", "message": str(e)}
    try:
        text = json.dumps(v, sort_keys=False, indent=4, ensure_ascii=False)
    except (TypeError, ValueError) as e:
        return {"error": type(e).__name__, "message": str(e)}
    return {"text": text, "warning": first}


def to_text_top(v):
    """The INI plugin's to_text(v, nonstring='passthru', errors='surrogate_or_strict')."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "surrogateescape")
    return v


def record_literal(text):
    try:
        v = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return {"in": text, "kind": "string"}
    except TypeError as e:
        return {"in": text, "kind": "typeerror", "message": str(e)}
    except (RecursionError, MemoryError):
        return None
    v = to_text_top(v)
    rec = {"in": text, "kind": "value", "value": tag(v)}
    dump = ansible_dump(v)
    if len(dump.get("text", "")) < 8000:  # keeps the data file small (deep nesting is quadratic)
        rec["dump"] = dump
    try:
        rec["str"] = str(v)
    except ValueError as e:
        rec["strError"] = str(e)
    return rec


# ---------------------------------------------------------------------------
# literal_eval inputs

HAND = [
    # spec §3.5 table and crafted cases
    "1", "-3", "+3", "00", "1_000", "010", "0x10", "0o17", "0b11", "100000000000000000000",
    "1.5", "1.", ".5e1", "1e3", "1E3", "1e400", "-1e400", "1e-400", "True", "False", "None",
    "true", "yes", "FALSE", "null", "inf", "NaN", "'x'", '"x"', "b'xy'", "[1, 'x', None]",
    "(1, 2)", "{'k': [1, {'z': False}]}", "{10: 'x', 9: 'y'}", "1+2", "1+2j", "1j", "{1, 2}",
    "", "hello world", "b=c", "1e16", "1e-5", "0.0001", "1.10", "123456789.123456789",
    "{1: 2, 'b': 3}", "{'a': 1, 0: 2}", "{'a': 1, 0: 2, None: 3}", "x#y", "hello # c", "1 # c",
    "x ; y", "'q'", "node1", "10.0.0.1", "/etc/hosts", "gitlab-runner-01.internal.example.net",
    # numbers
    "--1", "-+1", "- 1", "+-1.5", "-(1)", "-(-1)", "((1))", "-0", "-0.0", "+0.0", "-0j", "0j",
    "1_000_", "1__0", "0_0", "00_0", "0e5", "00.5", "010.5", "010e1", "09.", "09", "0b", "0x",
    "0x_1", "0o_7", "0b_1", "0x1_f", "0x1__f", "0b1_0", "0_7", "0_1", "00_1", "0__0", "0_",
    "1e", "1e+", "1e+5", "1e-5", "1.e3", ".e3", "._1", "1_.5", "1._5", "1.5_5", "1e1_0",
    "1e_10", "0.", "0.0e0", "000", "0_0_0", "07", "0o8", "0b2", "0xg", "0X1F", "0O17", "0B11",
    "1.5e-3j", "1_0.5", "1.5_", "1.5e1_", "1.e", "0.e1", "1__0.5", "07j", "09.5", "00j",
    "1J", "1.5j", "1e5j", "1+2j", "1-2j", "-1-2j", "(1+2j)", "2j+1", "1+-2j", "+1+2j",
    "1.0+1j", "True+1j", "1+2j+3j", "-1j+2j", "(1)+2j", "-(1)+(2j)", "(-1)+2j", "[1+2j]",
    "1 + 2", "1 - 2.5", "1*2", "2**3", "1 if 1 else 2", "1if 1else 2", "not 1", "~1", "-True",
    "1;", "x=1", "1 1", "1 2", "1,", "1,2", "1, 2,", "(1)", "(1,)", "()", "[]", "{}", "(,)",
    "[,]", "{1:2,}", "[1,]", "{,}", "(1 2)", "[1, 2", "1]", "0x1for", "1 .real", "1.real",
    "9" * 4300, "9" * 4301, "0x" + "f" * 200, "0x" + "f" * 3700, "-0x" + "f" * 20,
    "9007199254740991", "9007199254740992", "-9007199254740992", "123456789012345678",
    "0.1", "0.30000000000000004", "5e-324", "1.7976931348623157e308", "2.5e-5", "1e15",
    "9999999999999998.0", "12345678901234567890.0",
    # constants and names
    "...", "set()", "set ( )", "set(\n)", "set()()", "set() ", "set(1)", "set", "Ellipsis",
    "__debug__", "True,", "True, None", "Truex", "None.x", "x", " \t\t x", "\t 1", "   1",
    "[set()]", "[...]", "{...: 1}", "[True, False, None]", "[x, 1]",
    # strings
    "''", '""', "'''a'''", '"""a"""', "'''a\nb'''", "'a\\\nb'", "r'\\n'", "u'x'", "U'x'",
    "ur'x'", "br'\\n'", "Rb'x'", "rB'x'", "BR'x'", "f'x'", "F'x'", "rf'x'", "'a' 'b'",
    "'a' b'b'", "b'a' b'b'", "b'\u00e9'", "'\u00e9'", "'\u0161'", "'\U0001f600'", "'a'  # c",
    "'abc", '"""abc', "'\\x41'", "'\\x4'", "'\\x'", "'\\u00e9'", "'\\u12'", "'\\U0001F600'",
    "'\\U00110000'", "'\\ud800'", "'\\d'", "b'\\d'", "b'\\u1234'", "b'\\x41'", "b'\\x'",
    "b'\\777'", "b'\\400'", "'\\777'", "'\\400'", "'\\0'", "'\\08'", "'\\1234'", "'\\a\\b\\f\\n\\r\\t\\v'",
    "b'\\a\\b\\f\\n\\r\\t\\v'", "'\\\\'", "'\\''", "'\\\"'", "\"'\"", "'\"'", "r'\\'", "r'\\''",
    "'''a'''''", "''''''", "'''a\\'''", "\"\"\"a\"\"\"\"", "'\\\n'", "r'\\\n'", "'a\nb'",
    "'a' \\\n 'b'", "u'a' 'b'", "'a' f'b'", "rb''", "BR'\\x'", "b'\\xff'", "b'\\xe2\\x82'",
    "b'\\xe2\\x82\\xac'", "b'\\xed\\xa0\\x80'", "b'\\xc0\\x80'", "b'\\xf4\\x90\\x80\\x80'",
    "b'\\xf0\\x9f\\x98\\x80'", "[b'x']", "(b'x',)", "{b'x': 1}", "{'a': b'x'}",
    "'\\N{LATIN SMALL LETTER A}'", "'\\N{latin small letter a}'", "'\\N{LF}'", "'\\N{SPACE}'",
    "'\\N{  SPACE}'", "'\\N{SPACE }'", "'\\N{}'", "'\\N'", "'\\N{SPACE'", "b'\\N{SPACE}'",
    "'\\N{EM DASH}'", "'\\N{NO-BREAK SPACE}'", "'\\N{CJK UNIFIED IDEOGRAPH-4E00}'",
    "'\\N{CJK UNIFIED IDEOGRAPH-4e00}'", "'\\N{HANGUL SYLLABLE GAG}'", "'\\N{hangul syllable gag}'",
    "'\\N{LATIN SMALL LETTER A WITH ACUTE}'", "'\\N{BOM}'", "'\\N{NUL}'", "'\\N{NOT A NAME}'",
    "'a\\tb'", "'tab\there'", "'\x0c'", "'a\x01b'", "'\x7f'", "'\u200b'", "'\u2028'",
    "'\\udcff'", "'\udcff'", "1 # \udcff",
    # whitespace, comments, continuation
    "1\n", "1\r\n", "\n1", "\n  1", "[1,\n2]", "\x0c1", "\x0c 1", " \x0c1", "\t\x0c1",
    "1\n# c\n", "1\n  \n", "1\n  2", "\\\n1", "\\\n 1", "1\\\n", "1\\\n\n", "1\\\n# c",
    "1 \\\n 2", "1,\\\n 2", "[1\\\n]", "1\\\n ", "\\\n\n1", "# c\n1", "\n\n1\n\n", "1\n\\\n",
    "1\n#c\n  #d\n", "\ufeff1", "\v1", "1\v", "1\r2", "[1\r,2]", "'a\\\r\nb'", "'''a\r\nb'''",
    "'a\\\rb'", "1 \\", "1 #", "(1\n,\n2)", "{1:\n2}", "[1, # c\n 2]", "'a\0b'", "1\0",
    "#", "# only", " ", "\t", "\n", "\\", "[\n]",
    # containers and dict keys
    "{'a': 1, 'a': 2, 'b': 3}", "{0j: 1, 0: 2}", "{1: 'a', True: 'b', 1.0: 'c'}",
    "{(1,): 1, (1.0,): 2}", "{'a': {1}, 'a': 1}", "{'a': 1j, 'a': 1}", "{'b': {1}, 'a': 1j}",
    "{(1, 2): 'x'}", "{(1, [2]): 3}", "{[1]: 2}", "{[1]}", "{{}: 1}", "{{1}: 1}", "{(1,): {1}}",
    "{1: {2}}", "{1, (2,)}", "{1, 2, 1}", "{0: 1, False: 2, 0.0: 3}", "{-0.0: 1, 0: 2}",
    "{1e400: 1, 1e401: 2}", "{None: 1}", "{None: 1, 'a': 2}", "{True: 1, 'a': 2}",
    "{1.5: 'x', 1: 'y'}", "{2: 'a', 1.5: 'b', True: 'c'}", "{'b': 1, 'a': 2, 'B': 3}",
    "{'\u00e9': 1, 'z': 2, '\U0001f600': 3, '\uffff': 4}", "{'a': {'c': 1, 'b': 2}}",
    "{'x': [{'b': 1, 'a': [2, {'d': 3, 'c': 4}]}]}", "[[[]]]", "[(), [], {}]",
    "{**a}", "{1:2, **{}}", "[*a]", "{1: 2, 3}", "{1, 2: 3}", "[--1, {[1]: 2}]",
    "[{[1]: 2}, --1]", "[{[1]: 2}, x]", "{[1]: --1}", "{1: 2 for x in y}", "[1 for x in y]",
    "(x for x in y)", "{x: 1}", "[1, 2][0]", "(1,)[0]", "'abc'[0]", "'%s' % 1",
    "{'a': 1, 'b': {'c': [1, 2.5, None, True, 'x\\ny']}}", "[1, [2, [3, [4, [5]]]]]",
    "[" * 200 + "]" * 200, "[" * 201 + "]" * 201, "(" * 200 + "1" + ")" * 200,
    "(" * 201 + "1" + ")" * 201, "{1:" * 200 + "1" + "}" * 200, "-" * 100 + "1",
    "[" + ", ".join(str(i) for i in range(300)) + "]",
    "{" + ", ".join("'k%d': %d" % (i, i) for i in range(300)) + "}",
    "{" + ", ".join("%d: %d" % (i, i) for i in range(150, 0, -1)) + "}",
]

WORDS = ["node1", "web-01", "db.example.com", "10.0.0.1", "::1", "fe80::1", "/usr/bin/python3",
         "http://x:80/", "a=b", "yes", "no", "on", "off", "~", "-", "x y z", "C:\\x", "$HOME",
         "@foo", "*", "user@host", "1.2.3", "v1.2", "1a", "1_a", "0x", "0b102", "1e5e5", "1..2",
         "1.2.", "..", "....", "1-2", "1+", "-x", "+x", "-'a'", "(1", "1)", "[1]]", "{'a'}",
         "{'a':}", "%", "&", "|", "^", "!", "`", "?", "<", ">", "=", ":", ";", ",", "#x",
         "\\n", "Trueish", "Nonesuch", "settings", "rb", "br", "ru'x'", "bu'x'", "fb'x'"]

TOKENS = ["0", "1", "7", "9", "00", "010", "0x1F", "0o7", "0b1", "1_0", "_", "1.", ".5", "1e3",
          "1E-3", "1j", "e", "x", "j", "True", "False", "None", "set()", "set", "...", ".",
          "'a'", '"b"', "b'c'", "r'\\n'", "u'x'", "f'x'", "'\\x41'", "'\\u00e9'", "''", "'",
          '"', "'''", "[", "]", "(", ")", "{", "}", ",", ":", "+", "-", "*", " ", "  ", "#c",
          "\\\n", "\n", "\t", "é", "\\"]


def rand_str(rng, alphabet_weight=None):
    pool = ["a", "b", "Z", " ", "'", '"', "\\", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "\x80",
            "\xa0", "\xad", "\xe9", "\u0161", "\u200b", "\u2028", "\u2029", "\ufeff", "\uffff",
            "\U0001f600", "\U000e0001", "\U0010ffff", "\ud800", "\udcff", "{", "}", "/", "#",
            "\u0378", "\u0600", "\ue000", "\U0001d11e", "\u3000", "\x85", "\x0b", "\x0c"]
    text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8)))
    # A lone high surrogate followed by a lone low one has no JavaScript equivalent (it would
    # read back as one astral character), so keep them apart.
    return re.sub("([\ud800-\udbff])(?=[\udc00-\udfff])", "\\1x", text)


def rand_value(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.55:
        k = rng.randint(0, 9)
        if k == 0:
            return rng.randint(-10**6, 10**6)
        if k == 1:
            return rng.randint(-10**30, 10**30)
        if k == 2:
            return rng.choice([0.0, -0.0, 1.5, 1e16, 1e-5, 0.1, 2.5e-7, 1e300, 123.456])
        if k == 3:
            return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] if rng.random() < 0.3 else rng.uniform(-1e6, 1e6)
        if k == 4:
            return rng.choice([True, False, None])
        if k in (5, 6, 7):
            return rand_str(rng)
        if k == 8:
            return rng.choice(["node1", "a b", "it's", 'say "hi"', "both ' and \"", "x{{y}}"])
        return rng.randint(0, 20)
    kind = rng.randint(0, 3)
    n = rng.randint(0, 4)
    if kind == 0:
        return [rand_value(rng, depth + 1) for _ in range(n)]
    if kind == 1:
        return tuple(rand_value(rng, depth + 1) for _ in range(n))
    d = {}
    for _ in range(n):
        kk = rng.random()
        if kk < 0.7:
            key = rand_str(rng) if rng.random() < 0.5 else rng.choice(["a", "b", "k1", "K", "_x", "10", "9"])
        elif kk < 0.85:
            key = rng.randint(-5, 20)
        elif kk < 0.9:
            key = rng.choice([1.5, -0.0, 2.0, 1e400])
        elif kk < 0.95:
            key = rng.choice([True, False, None])
        else:
            key = (1, "a")
        d[key] = rand_value(rng, depth + 1)
    return d


def source_of(rng, v):
    """Python source for v with random but valid spelling variations."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, int):
        style = rng.randint(0, 6)
        if v >= 0 and style == 1:
            return hex(v)
        if v >= 0 and style == 2:
            return oct(v)
        if v >= 0 and style == 3:
            return bin(v) if v < 2**40 else str(v)
        if style == 4 and abs(v) >= 1000:
            return "{:_}".format(v)
        return str(v)
    if isinstance(v, float):
        if math.isinf(v):
            return "1e400" if v > 0 else "-1e400"
        if math.isnan(v):
            return "None"
        s = repr(v)
        if rng.random() < 0.2 and "e" in s:
            s = s.replace("e", "E")
        return s
    if isinstance(v, str):
        quote = rng.randint(0, 4)
        r = repr(v)
        if quote == 1:
            return '"' + r[1:-1].replace('"', '\\"').replace("\\'", "'") + '"' if r[0] == "'" else r
        if quote == 2:
            return "u" + r
        if quote == 3 and "'''" not in v and "\\" not in r and not v.endswith("'"):
            return "'''" + v.replace("\r", "\\r") + "'''" if "\x00" not in v else r
        return r
    sep = rng.choice([", ", ",", " , ", ",\n", ", # c\n"])
    if isinstance(v, list):
        inner = sep.join(source_of(rng, x) for x in v)
        return "[" + inner + (rng.choice(["", ","]) if v else "") + "]"
    if isinstance(v, tuple):
        if len(v) == 1:
            return "(" + source_of(rng, v[0]) + ",)"
        return "(" + sep.join(source_of(rng, x) for x in v) + ")"
    if isinstance(v, dict):
        inner = sep.join(source_of(rng, k) + rng.choice([": ", ":", " : "]) + source_of(rng, x) for k, x in v.items())
        return "{" + inner + "}"
    raise TypeError(v)


def mutate(rng, s):
    if not s:
        return rng.choice(TOKENS)
    i = rng.randrange(len(s))
    op = rng.randint(0, 2)
    if op == 0:
        return s[:i] + s[i + 1:]
    if op == 1:
        return s[:i] + rng.choice(TOKENS) + s[i:]
    return s[:i] + rng.choice(TOKENS) + s[i + 1:]


NUMBER_CHARS = "0123456789_.eEjJxXoObB+-aF"
STRING_BODY = ["a", "Z", " ", "'", '"', "\\", "\\n", "\\x4", "\\x41", "\\u00e9", "\\U0001F600",
               "\\N{SPACE}", "\\N{", "}", "\\0", "\\777", "\\q", "\u00e9", "\n", "#", "\\\n"]


def random_number(rng):
    text = rng.choice(["", "", "0", "1", "9", "0x", "0o", "0b", "."])
    return text + "".join(rng.choice(NUMBER_CHARS) for _ in range(rng.randint(1, 7)))


def random_string_literal(rng):
    prefix = rng.choice(["", "", "", "r", "b", "u", "rb", "Br", "f", "R", "U"])
    quote = rng.choice(["'", '"', "'" * 3, '"' * 3])
    body = "".join(rng.choice(STRING_BODY) for _ in range(rng.randint(0, 5)))
    tail = rng.choice(["", "", "", " 'x'", " b'y'", " # c", ",", "x"])
    return prefix + quote + body + quote + tail


def literal_inputs(rng):
    items = list(HAND) + list(WORDS)
    for _ in range(2000):
        items.append("".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 6))))
    for _ in range(1000):
        items.append(random_number(rng))
    for _ in range(800):
        items.append(random_string_literal(rng))
    # Bytes literals: the INI plugin decodes them as UTF-8 with surrogateescape.
    edges = [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef,
             0xf0, 0xf4, 0xf5, 0xff]
    for _ in range(400):
        data = [rng.choice(edges) if rng.random() < 0.8 else rng.randrange(256)
                for _ in range(rng.randint(1, 6))]
        items.append("b'" + "".join("\\x%02x" % b for b in data) + "'")
    for _ in range(900):
        src = source_of(rng, rand_value(rng))
        items.append(src)
        if rng.random() < 0.5:
            items.append(mutate(rng, src))
    seen = set()
    out = []
    for t in items:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


# ---------------------------------------------------------------------------
# floats, strings


def float_cases(rng):
    xs = [0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 100.0, 1e15, 1e16, 1e17, 9999999999999998.0,
          1e-4, 1e-5, 0.00011, 9.999999999999999e-05, 123456789.12345679, 5e-324, 2.2250738585072014e-308,
          1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), 1e22, 1e21, 1e-7,
          2.0**53, 2.0**53 + 2, 2.0**63, 0.3, 2 / 3, 1 / 3, 1e23, 8.41e21, 5e-5, 4.35e-6]
    for _ in range(1000):
        xs.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
    for _ in range(500):
        digits = str(rng.randint(1, 10 ** rng.randint(1, 17)))
        xs.append(float(digits[:1] + "." + digits[1:] + "e" + str(rng.randint(-30, 30))))
    for _ in range(300):
        xs.append(rng.randint(-10**6, 10**6) / 10 ** rng.randint(0, 8))
    for _ in range(200):
        xs.append(float(rng.randint(0, 2**62)))
    for base in (1e16, 1e-4, 1e21, 1e-7):
        x = base
        for _ in range(3):
            x = math.nextafter(x, 0)
            xs.append(x)
        x = base
        for _ in range(3):
            x = math.nextafter(x, math.inf)
            xs.append(x)
    return [[struct.pack(">d", x).hex(), repr(x), json.dumps(x)] for x in xs]


def string_cases(rng):
    xs = ["", "a", "it's", 'say "hi"', "both ' and \"", "back\\slash", "\x00\x01\x1f\x7f",
          "\t\n\r\x0b\x0c", "\x80\x85\xa0\xad\xff", "\u0378\u200b\u2028\u2029\ufeff\uffff",
          "\U0001f600\U000e0001\U0010ffff", "\ud800x\udcff", "příbor", "\u3000", "\ue000"]
    for _ in range(400):
        xs.append(rand_str(rng))
    return [[s, repr(s), json.dumps(s, ensure_ascii=False)] for s in xs]


# ---------------------------------------------------------------------------
# json.loads (with Ansible's decoder)

JSON_HAND = [
    "\ufeff{}", '"\\u12"', '"\\u12', '"\\uZZZZ"', '"\\x"', '"abc', '"a\x01"', '{"a" 1}', '{"a":}',
    '{"a":1,}', "[1,]", "[", "{", "", "  ", "1 2", "[1 2]", "-", "-a", "nul", "NaN", "-Infinity",
    "Infinity", "-NaN", "01", "1.", "1e", "1e+", ".5", '"\\ud800\\udc00"', '"\\ud800"',
    '"\\ud800\\u0041"', '"\\ud800\\uZZ"', "\n\n  x", '"\U0001f600" x', "1" * 4301, "1" * 4300,
    '{"a":1, "a":2, "b":3}', "[1,\n2,\n]", "{}", "[]", " {} ", "\t[\r\n]\n", "null", "true",
    "false", "tru", "nulls", "1.5", "-0", "-0.0", "1E400", "-1e400", "1e-400", "123456789012345678901234567890",
    "9007199254740993", "1.0", "1e3", "0.1", '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u00e9\\u0041"',
    '"a\tb"', '"a\nb"', '"\x7f\x80"', "{'a': 1}", '{"a": 1 "b": 2}', '{"a": 1, "b"}', '{1: 2}',
    '{"a": [1, {"b": null}]}', '[1, 2, 3', '[1, 2, 3]]', '"\\', '"\\u', '"\\ud800\\', "[-]",
    "[-1.5e+3, 2E-2]", "[0.5e, 1]", "[1.e1]", "[01]", "[1,,2]", "[,1]", '{"a":1}}', "{}x",
    '{"__ansible_unsafe": "x{{y}}"}', '{"__ansible_vault": "$ANSIBLE_VAULT;1.1;AES256\\n6231\\n"}',
    '{"a": 1, "__ansible_unsafe": ["s", 1, {"k": "v"}, null]}', '{"__ansible_vault": 5}',
    '{"__ansible_vault": ["a", 1]}', '{"__ansible_unsafe": "U", "__ansible_vault": "V"}',
    '{"__ansible_vault": "V", "__ansible_unsafe": "U"}', '{"__ansible_unsafe": {"a": "x", "b": [1.5]}}',
    '{"__ansible_vault": {"__ansible_unsafe": "x"}}', '{"__ansible_vault": null}',
    '{"__ansible_vault": true}', '{"__ansible_vault": 1.5}', '{"__ansible_vault": {"b": 1, "a": [2]}}',
    '{"__ansible_unsafe": null}', '{"__ansible_unsafe": 2}', '{"x": {"__ansible_unsafe": "{{a}}"}}',
    '{"__ansible_unsafe": {"__ansible_unsafe": "x"}}', '{"__ansible_vault": "x\\u00e9"}',
    "[" * 50 + "]" * 50, '{"a": NaN, "b": Infinity, "c": -Infinity}', '["\\u0000"]',
]

JSON_SAMPLES = [
    '{"all": {"hosts": ["a", "b"], "vars": {"x": 1, "y": [1.5, true, null]}}, "_meta": {"hostvars": {}}}',
    '[1, -2.5e-3, "s\\n", {"k": "v"}, [], {}, false]',
    '{\n  "a": "p\u0159\u00edbor",\n  "b": [\n    1,\n    2\n  ]\n}\n',
]


def record_json(text):
    try:
        v = json.loads(text, cls=AnsibleJSONDecoder)
    except json.JSONDecodeError as e:
        return {"in": text, "error": {"msg": e.msg, "pos": e.pos, "lineno": e.lineno, "colno": e.colno}}
    except ValueError as e:
        return {"in": text, "error": {"msg": str(e)}}
    except RecursionError:
        return None
    return {"in": text, "value": tag(v)}


def json_inputs(rng):
    items = list(JSON_HAND) + list(JSON_SAMPLES)
    alphabet = ['"', "{", "}", "[", "]", ",", ":", " ", "\n", "1", "-", ".", "e", "\\", "u", "n", "x", "\x01"]
    for _ in range(500):
        s = rng.choice(JSON_SAMPLES)
        for _ in range(rng.randint(1, 2)):
            if not s:
                break
            i = rng.randrange(len(s))
            op = rng.randint(0, 2)
            if op == 0:
                s = s[:i] + s[i + 1:]
            elif op == 1:
                s = s[:i] + rng.choice(alphabet) + s[i:]
            else:
                s = s[:i]
        items.append(s)
    return items


# ---------------------------------------------------------------------------
# sorting (CPython list.sort comparison order, seen through dict key sorting)


def rand_keys(rng):
    shape = rng.randint(0, 5)
    n = rng.choice([2, 3, 5, 10, 30, 63, 64, 65, 100, 130, 200, 257, 400])
    keys = []
    if shape == 0:  # anything goes
        for _ in range(n):
            keys.append(rng.choice([rng.randint(-50, 50), "k%d" % rng.randint(0, 99), None, rng.random()]))
    elif shape == 1:  # numbers with one odd key somewhere
        keys = [rng.randint(-1000, 1000) for _ in range(n)]
        keys[rng.randrange(n)] = rng.choice(["odd", None])
    elif shape == 2:  # a block of ints then a block of strings (fails only while merging)
        m = rng.randint(1, n)
        keys = [rng.randint(0, 10**6) for _ in range(m)] + ["s%d" % rng.randint(0, 10**6) for _ in range(n - m)]
        if rng.random() < 0.5:
            keys.sort(key=lambda k: (isinstance(k, str), k))
    elif shape == 3:  # floats with NaNs: consistent failure-free but order depends on the algorithm
        keys = [float("nan") if rng.random() < 0.2 else rng.uniform(-100, 100) for _ in range(n)]
    elif shape == 4:  # partially sorted runs with NaNs
        keys = sorted(rng.uniform(0, 1000) for _ in range(n))
        for _ in range(max(1, n // 10)):
            keys[rng.randrange(n)] = float("nan")
        if rng.random() < 0.5:
            keys.reverse()
    else:  # strings, ints and None
        keys = ["s%d" % rng.randint(0, 10**6) for _ in range(n)]
        for _ in range(rng.randint(1, 3)):
            keys[rng.randrange(n)] = rng.choice([7, None, 2.5, True])
    d = {}
    for k in keys:
        if k not in d or (isinstance(k, float) and math.isnan(k)):
            d[k] = len(d)
    return d


def key_code(k):
    """Compact picture of a dict key: s:text, i:int, f:repr, b:True, n."""
    if k is None:
        return "n"
    if isinstance(k, bool):
        return "b:" + str(k)
    if isinstance(k, int):
        return "i:" + str(k)
    if isinstance(k, float):
        return "f:" + repr(k)
    return "s:" + k


def record_sort(d):
    keys = [key_code(k) for k in d]
    try:
        items = sorted(d.items())
    except TypeError as e:
        return {"keys": keys, "error": str(e)}
    return {"keys": keys, "order": [v for _, v in items]}


# ---------------------------------------------------------------------------


def printable_ranges():
    ranges = []
    start = None
    for cp in range(0x110000):
        np = not chr(cp).isprintable()
        if np and start is None:
            start = cp
        if not np and start is not None:
            ranges.append([start, cp - 1])
            start = None
    if start is not None:
        ranges.append([start, 0x10FFFF])
    return ranges


NAME_EXTRA = [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2018, 0x2019, 0x201A, 0x201C,
              0x201D, 0x201E, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2032, 0x2033, 0x2039,
              0x203A, 0x20AC, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2194, 0x21D2, 0x2200,
              0x2202, 0x2203, 0x2205, 0x2208, 0x2211, 0x2212, 0x221A, 0x221E, 0x2248, 0x2260,
              0x2264, 0x2265, 0x2713, 0x2714, 0x2717, 0x2718, 0x2603, 0x2605, 0x2606, 0x2764,
              0x200B, 0x200C, 0x200D, 0x2028, 0x2029, 0x2060, 0xFEFF, 0xFFFD, 0x25CF, 0x25CB,
              0x00B7]
ALIASES = ["NULL", "NUL", "LINE FEED", "LF", "NEW LINE", "END OF LINE", "NL", "EOL",
           "CHARACTER TABULATION", "HORIZONTAL TABULATION", "HT", "TAB", "CARRIAGE RETURN", "CR",
           "ESCAPE", "ESC", "DELETE", "DEL", "SP", "NBSP", "ZWSP", "ZWNJ", "ZWJ", "BYTE ORDER MARK",
           "BOM", "ZWNBSP", "ALERT", "BEL", "BACKSPACE", "BS", "FORM FEED", "FF", "LINE TABULATION",
           "VT", "NEXT LINE", "NEL", "SHY", "WJ"]


def name_table():
    """[name, code point] for every name literal_eval.ts knows (besides CJK/Hangul)."""
    rows = []
    for cp in list(range(0x20, 0x7F)) + list(range(0xA0, 0x180)) + list(range(0x391, 0x3CA)) + NAME_EXTRA:
        try:
            rows.append([unicodedata.name(chr(cp)), cp])
        except ValueError:
            pass
    for alias in ALIASES:
        rows.append([alias, ord(unicodedata.lookup(alias))])
    return rows


NAME_ABBREVIATIONS = [("LATIN SMALL LETTER ", "$s"), ("LATIN CAPITAL LETTER ", "$c"),
                      ("GREEK SMALL LETTER ", "$g"), ("GREEK CAPITAL LETTER ", "$G"), (" WITH ", "$w")]


def encoded_name_table():
    """The table as literal_eval.ts embeds it: `NAME[=hex]` joined by `;`, in code point order;
    the code point is given only when it is not the previous one plus one; aliases follow."""
    rows = name_table()
    parts = []
    prev = -2
    for name, cp in rows[: len(rows) - len(ALIASES)]:
        for long, short in NAME_ABBREVIATIONS:
            name = name.replace(long, short)
        parts.append(name if cp == prev + 1 else "%s=%x" % (name, cp))
        prev = cp
    for name, cp in rows[len(rows) - len(ALIASES):]:
        parts.append("%s=%x" % (name, cp))
    return ";".join(parts)


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def encoded_printable_table():
    """The non-printable ranges as py_str.ts embeds them: for each range, the gap since the end
    of the previous one and its length minus one, base 36, as `gap.len` joined by `,`."""
    parts = []
    prev_end = -1
    for start, end in printable_ranges():
        parts.append("%s.%s" % (base36(start - prev_end - 1), base36(end - start)))
        prev_end = end
    return ",".join(parts)


def main():
    if "--printable" in sys.argv:
        print(encoded_printable_table())
        return
    if "--names" in sys.argv:
        print(encoded_name_table())
        return
    rng = random.Random(SEED)
    literals = [r for r in (record_literal(t) for t in literal_inputs(rng)) if r is not None]
    floats = float_cases(rng)
    strings = string_cases(rng)
    loads = [r for r in (record_json(t) for t in json_inputs(rng)) if r is not None]
    sorts = [record_sort(rand_keys(rng)) for _ in range(300)]
    names = name_table()
    names.append(["CJK UNIFIED IDEOGRAPH-4E00", 0x4E00])
    names.append(["CJK UNIFIED IDEOGRAPH-20000", 0x20000])
    names.append(["CJK UNIFIED IDEOGRAPH-3134A", 0x3134A])
    names.append(["HANGUL SYLLABLE GAG", 0xAC01])
    for cp in rng.sample(range(0xAC00, 0xD7A4), 40):
        names.append([unicodedata.name(chr(cp)), cp])
    data = {
        "python": sys.version,
        "unicode": unicodedata.unidata_version,
        "seed": SEED,
        "literalEval": literals,
        "floats": floats,
        "strings": strings,
        "jsonLoads": loads,
        "sorts": sorts,
        "printable": printable_ranges(),
        "names": names,
    }
    with open(OUT, "w", encoding="ascii") as f:
        json.dump(data, f, ensure_ascii=True, indent=0, separators=(",", ":"))
        f.write("\n")
    print("wrote %s: %d literals, %d floats, %d strings, %d json, %d sorts" % (
        OUT, len(literals), len(floats), len(strings), len(loads), len(sorts)))


if __name__ == "__main__":
    main()
