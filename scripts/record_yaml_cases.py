#!/usr/bin/python3
"""Records how Ansible 2.14 loads and dumps YAML, for src/values/yaml_load_test.ts and
src/render/yaml_test.ts.

Run with the Python Ansible uses (Debian's python3 with PyYAML 6.0 + libyaml and
ansible-core 2.14):

    /usr/bin/python3 scripts/record_yaml_cases.py > tests/data/yaml_cases.json

Values are written as tagged JSON so that nothing is lost:
  null, true/false, "text"                       -> None, bool, str
  {"int": "123"}, {"float": "1.0"}               -> int (any size), float (Python repr)
  {"unsafe": "text"}, {"vault": "$ANSIBLE..."}   -> !unsafe / !vault strings
  [ ... ]                                        -> list (tuples too)
  {"dict": [[key, value], ...]}                  -> dict, in order
  {"anchor": n, "value": v} / {"alias": n}       -> the same list/dict/date object again
  {"date": "datetime.date(2001, 12, 14)"}        -> date or datetime, as its repr()
"""

import datetime
import json
import random
import sys

import yaml
from ansible.parsing.yaml.dumper import AnsibleDumper
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.parsing.yaml.objects import AnsibleVaultEncryptedUnicode
import ansible.parsing.yaml.constructor as ansible_constructor
from ansible.utils.unsafe_proxy import AnsibleUnsafeText

assert yaml.__with_libyaml__, "Ansible uses libyaml here; so must the recording"

WARNINGS = []
ansible_constructor.display.warning = lambda msg, formatted=False: WARNINGS.append(msg)


class Unserializable(Exception):
    pass


def encode(value, key=False):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, AnsibleUnsafeText):
        # The model has no unsafe keys: Ansible prints them as plain strings.
        return str(value) if key else {"unsafe": str(value)}
    if isinstance(value, AnsibleVaultEncryptedUnicode):
        return {"vault": value._ciphertext.decode()}
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return {"date": repr(value)}
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": [[encode(k, key=True), encode(v)] for k, v in value.items()]}
    raise Unserializable(type(value).__name__)


def load_case(text, name="inv.yml"):
    """What AnsibleLoader makes of `text` (as Ansible's _safe_load calls it)."""
    del WARNINGS[:]
    case = {"yaml": text}
    try:
        loader = AnsibleLoader(text, file_name=name)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        case["result"] = encode(data)
    except Unserializable as exc:
        case["error"] = {"kind": "unserializable", "message": str(exc)}
    except yaml.YAMLError as exc:
        error = {"kind": "syntax", "message": str(exc).splitlines()[0]}
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            error["line"] = mark.line + 1
            error["column"] = mark.column + 1
        error["class"] = type(exc).__name__
        case["error"] = error
    except Exception as exc:  # int('abc'), datetime ranges...: Ansible fails the file too
        case["error"] = {"kind": "syntax", "message": str(exc), "class": type(exc).__name__}
    if WARNINGS:
        case["warnings"] = list(WARNINGS)
    return case


class Decoder:
    """Builds Python objects from the tagged encoding, for the dumper cases."""

    def __init__(self):
        self.anchors = {}

    def decode(self, value):
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, list):
            return [self.decode(item) for item in value]
        if "int" in value:
            return int(value["int"])
        if "float" in value:
            return float(value["float"])
        if "unsafe" in value:
            return AnsibleUnsafeText(value["unsafe"])
        if "vault" in value:
            return AnsibleVaultEncryptedUnicode(value["vault"].encode())
        if "dict" in value:
            return {self.decode(k): self.decode(v) for k, v in value["dict"]}
        if "date" in value:
            return eval(value["date"], {"datetime": datetime})  # our own repr() text
        if "anchor" in value:
            inner = value["value"]
            if "date" in inner:
                made = self.anchors[value["anchor"]] = self.decode(inner)
            elif isinstance(inner, list):
                made = []
                self.anchors[value["anchor"]] = made
                made.extend(self.decode(item) for item in inner)
            else:
                made = {}
                self.anchors[value["anchor"]] = made
                made.update((self.decode(k), self.decode(v)) for k, v in inner["dict"])
            return made
        if "alias" in value:
            return self.anchors[value["alias"]]
        raise ValueError(value)


def dump_case(encoded):
    data = Decoder().decode(encoded)
    text = yaml.dump(data, Dumper=AnsibleDumper, default_flow_style=False, allow_unicode=True)
    return {"value": encoded, "yaml": text}




# --------------------------------------------------------------------------------------
# Loader cases.

SCALARS = [
    # spec §4.3
    "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE", "no", "No", "NO", "off",
    "Off", "OFF", "false", "False", "FALSE", "y", "Y", "n", "N", "yEs", "tRUE", '"yes"',
    "~", "", "null", "Null", "NULL", "nULL", "'null'",
    "012", "0o12", "0x1F", "0X1F", "0b101", "1_000", "+12", "-12", "1:20", "190:20:30",
    "-1:20", "1:60", "1:7", "0:20", "1e3", "1.0e3", "1.0e+3", "6.8523015e+5", "1.5e3", "1E+3",
    ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".NaN", ".nan", ".NAN", "-.nan", "0.", "-0.0", "+0.5",
    ".5", "-.5", "+.5", "1.", "1._5", "1__0", "0_", "00", "0", "-0", "+0", "08", "09", "0o7",
    "0x_", "0b_", "0x_1", "1:30.5", "190:20:30.15", "1_0:20", "12345678901234567890",
    "-12345678901234567890", "9007199254740993", "0x1234567890abcdef12",
    "0777", "-0777", "1.10", "10.0.0.1", "1.2.3", "2001:db8::1", "00:11:22:33:44:55",
    "123456789.123456789", "1e-5", "1.0e-5", "1.5e-7", "3.0e+16", "1.7976931348623157e+308",
    "1.0e+309", "-1.0e+309",
    "2001-12-14", "2001-12-14 21:59:43.10", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43Z", "2001-12-14T21:59:43.1234567+05:30", "2001-12-14 21:59:43 +5",
    "2001-12-14\t21:59:43", "2001-1-1", "2001-1-1 1:02:03", "2001-12-14T21:59:43.000",
    "2001-12-14 21:59:43 -00:00", "2001-02-29", "2000-02-29", "2001-13-01", "2001-12-14 24:00:00",
    "2001-12-14T21:59:43+24:00", "2001-12-14T21:59:43+23:59", "2001-12-14T21:59:43.", "0000-01-01",
    "<<", "=", "'<<'", "!!str 123", "!!str", "!!int 0o12", "!!int abc", "!!int 09",
    '!!int "12 "', "!!int 1_0", "!!int 0x_1", "!!int", "!!int +-5", "!!int --5", "!!int 1:20",
    "!!float 1", "!!float 1e3", "!!float .5e1", "!!float inf", "!!float infinity",
    "!!float -nan", "!!float 1:30", "!!float abc", "!!float", "!!bool YeS", "!!bool y",
    "!!bool", "!!null foo", "!!null", "!!timestamp 2001-1-1",
    "!!timestamp 2001-01-01 1:02:03.1234567 +5", "!!timestamp 2001-01-01t01:02:03Z",
    "!!timestamp foo", "!!binary aGVsbG8=", "!!python/tuple [1]", "!!python/dict {a: 1}",
    "!!python/unicode x", "!<tag:yaml.org,2002:str> 12", "!!merge x", "!!value x",
    "! 12", '! "12"', "! ''", "! yes", "! {b: 1}", "! [1]", '! "12\\n"', '! "yes\\n"',
    '! "2001-12-14\\n"', "!foo x", "!foo", "!foo [1]", "!foo {a: 1}", "!!foo x",
    "!unsafe '{{ x }}'", "!unsafe 12", "!unsafe 1.5", '!unsafe "x"', "!unsafe", "!unsafe ''",
    '!unsafe [1, "{{ y }}", {a: 1}, [2], 1.5, true, null, 2001-01-01, !unsafe z, [a: 1]]',
    "!unsafe {a: 1, b: x, c: [1], d: {e: f}, '{{k}}': v}", "!unsafe {a: 1, a: 2}",
    "!vault foo", "!vault", "!vault [1]", "!vault {a: 1}",
    "!vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539\n",
    "!vault-encrypted |\n  $ANSIBLE_VAULT;1.1;AES256\n  31\n",
    "!!str [a]", "!!seq {a: 1}", "!!map [a]", "!!pairs [a: 1, a: 2]", "!!omap [a: 1, b: 2]",
    "!!omap {a: 1}", "!!omap [a]", "!!omap [{a: 1, b: 2}]", "!!set {a, b}", "!!set [1]",
    "!!seq [a, 1]", "!!map {1: 2}",
    "'it''s'", '"tab\\there"', '"\\u00e9\\U0001F600"', "|\n  line1\n  line2\n",
    ">\n  folded\n  text\n\n  para\n", "|-\n  x\n", "|+\n  x\n\n", "plain with # hash",
    "plain #comment", "a:b", "[a, b, [c, {d: e}]]", "{a: 1, b: [2, 3]}", "[]", "{}",
    "[a: 1, b]", "{a, b: 2}", "{1: a, true: b, 1.0: c}", "{0: a, false: b, 0.0: c, -0.0: d}",
    "{.nan: a, .nan: b}", "{null: a, ~: b}", "{a: 1, b: 2, a: 3}", "{2001-12-14: a}",
    "{[1]: 2}", "{'a': 1, \"a\": 2, a: 3}", "{12345678901234567890: a}",
    "{1.5: a, 1:20: b, 0x10: c, yes: d}",
    "héllo wörld", "中文", "😀 emoji", "x\u00a0y",
]

DOCUMENTS = [
    # crafted yml01-yml05, yml14, yml26 (conformance/ansible/crafted-cases.json)
    "all:\n  hosts:\n    h:\n      a: yes\n      b: no\n      c: on\n      d: off\n      e: Yes\n      f: y\n      g: n\n      i: \"yes\"\n",
    "all:\n  hosts:\n    h:\n      a: 012\n      b: 0o12\n      c: 0x1F\n      d: 1e3\n      e: 1.0e3\n      f: 1.0e+3\n      g: 1:20\n      i: 1_000\n      j: 0b101\n      k: .inf\n      l: .NaN\n      m: +12\n",
    "all:\n  hosts:\n    h:\n      a: ~\n      b:\n      c: Null\n      d: 2001-12-14\n      e: 2001-12-14 21:59:43.10\n      f: 2001-12-14t21:59:43.10-05:00\n",
    "all:\n  hosts:\n    h:\n      a: !unsafe \"{{ x }}\"\n      b: !unsafe [1, \"{{ y }}\"]\n",
    "all:\n  hosts:\n    h:\n      s: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6231336539\n",
    "g:\n  hosts:\n    a: {x: 1}\n    a: {y: 2}\n",
    "all:\n  hosts:\n    h:\n      x: {a: 1, 0: 2}\n",
    # documents, comments, empty input
    "", "# only a comment\n", "---\n", "--- \n...\n", "...\n", "---\na: 1\n---\nb: 2\n",
    "---\n---\n", "a: 1\n---\n", "a: 1\n...\n", "--- # c\na: 1\na: 2\n", "\ufeffa: 1\n",
    "a: 1\r\nb: 2\r\n", "%YAML 1.1\n---\na: 1\n", "%TAG !e! tag:yaml.org,2002:\n---\na: !e!int 0x10\n",
    # duplicates: order, position, merged keys
    "x:\n  a: 1\n  b: 2\n  a: 3\n", "a: &x\n  b: 1\n  b: 2\n", "a: !!map\n  b: 1\n  b: 2\n",
    "a:\n  &x b: 1\n  b: 2\n", "- &x {b: 1, b: 2}\n", "a: 1\na: 2\na: 3\n",
    "x:\n  a: 1\n  y:\n    b: 1\n    b: 2\n  a: 2\n", "x: {a: 1, a: 2}\ny: {b: 1, b: 2}\nx: 3\n",
    "'1': a\n1: b\n", "a:\n  - {k: 1, k: 2}\n  - {k: 1, k: 2}\n",
    # merges
    "d: &d {a: 1, b: 2}\nx:\n  <<: *d\n  b: 3\n", "x: {a: 1, <<: {b: 2, a: 9}, c: 3}\n",
    "x: {<<: [{a: 1}, {a: 2, b: 3}]}\n", "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n",
    "x: {<<: 1}\n", "x: {<<: [1]}\n", "x: {<<: }\n", "x: {!!merge <<: {a: 1}}\n",
    'x: {"<<": {a: 1}}\n', "a: <<\n", "a: =\n", "=: 5\n", "- <<\n",
    "d: &d {a: 1, a: 2}\nx:\n  <<: *d\n", "x:\n  <<: {a: 1, a: 2}\n",
    "b: &b\n  k: v\nx:\n  <<: *b\n  <<: {k: w, j: 1}\n",
    # anchors and aliases
    "a: &a [1, 2]\nb: *a\n", "a: &s str\nb: *s\n*s : x\n", "&k a: 1\n*k : 2\n",
    "a: &a [*a]\n", "a: &a {b: *a}\n", "a: *missing\n", "a: &x\nb: *x\n",
    # !unsafe and aliases (PyYAML fills collections breadth-first)
    "b: &b {k: v}\nx: !unsafe [*b]\n", "b: &b {k: v}\nc:\n  x: !unsafe [*b]\n",
    "a: !unsafe &u [x]\nb: *u\n", "a: !unsafe\n  b: 1\n  c: '{{x}}'\n", "!unsafe a: 1\n",
    "a: !unsafe [&n {k: v}]\nb: *n\n",
    # keys
    "1234: a\n1.5: b\ntrue: c\n~: d\n2001-12-14: e\n", "? a\n: b\n? c\n", "? [1]\n: 2\n",
    "{? a : b}\n", "a: {b, c: }\n", "[a: 1, b: 2]\n",
    # multi-line and special scalars
    "a: 'multi\n  line'\nb: \"x\\\n  y\"\n", "a: plain\n  continued\n\n  para\n",
    "a: |2\n   indented\n", "a: >-\n  x\n  y\n",
    # block scalars ending the text without a line break (an editor that strips the last one)
    "a: |\n  x\n  y", "a: |+\n  x\n\n  y", "a: |-\n  x", "a: >\n  x\n  y", "a: >+\n  x",
    "a: |\n  x\n\n   ", "a: |\n  x\n  ", "- !unsafe |\n  {{ x }}", "a: &b |\n  x\nc: *b",
    "a: [x]\nb:\n  - |\n    y", "a: |\n  x\n# c", "a: |\r\n  x",
    # YAML 1.1's other line breaks: NEL, LS, PS
    "a: x\x85b: y\n", "a: x\u2028b: y\n", "a: x\u2029\n", "# c\u2028a: 1\n", "a: [1,\u20282]\n",
    "a: 'p\x85q'\n", "a: x \x85  y\n", "a: |\n  x\x85  y\n", "- a\x85- b\n", "a:\x85  b: 1\n",
    "a: \"x\u2028y\"\n", "a: |\n  x\u2028  y\n", "a: 'p\u2029q'\n",
    # empty explicit keys (`?` alone): js-yaml stores them without a node
    "? #c\n", "?\n", "? \n: v\n", "a: 1\n? # c\n", "- ? #x\n", "?\n  foo\n: bar\n",
    "? #c\n? #d\n", "x: [\n?\n]\n", "a: |\n  ?\n", "a:\n  ?\n  b: 2\n",
    # bare `-` entries (js-yaml 4.1 misreads some), with and without the fast path
    "x:\n  - a\n  - &c\n    - true\n    -\n  - last\n", "x:\n  - a\n  -\n    - true\n    -\n  - last\n",
    "- - true\n  -\n- last\n", "- - !!str true\n  -   # c\n\n- last\n", "-\n  a: 1\n- b\n", "- a\n-\n- b\n",
    "-\n-\n", "x:\n  -\n  - y\n", "- |\n  text\n  -\n- y\n", "- &a\n  -\n- *a\n",
    "a:\n- b\n-\nc: d\n", "- [a,\n  -\n  ]\n",
    # which error PyYAML reports first: parser before composer before constructor, and
    # constructors breadth-first
    "a: !foo x\nb: [\n", "a: !!binary aGVsbG8=\nb: [\n", "a: 2001-13-45\n---\nb: 1\n",
    "a:\n  b:\n    c: !foo x\nd: !bar y\n", "a: [!foo x, {b: !bar y}]\nc: !baz z\n",
    "x: {<<: 1}\ny: !foo z\n", "a: !!set {x}\nb: !foo y\n",
    # syntax errors
    "a: b: c\n", "a:\n\tb: 1\n", "- a\nb: 1\n", "a: [1, 2\n", "a: 'x\n", "a: \"\\q\"\n",
    "a: @x\n", "a: `x\n", "a: %x\n", "{a: 1}}\n", "a: b\n c: d\n", "a: \"x\x01\"\n",
    "a: x\x7f\n", "# \x0c\n", "a: \x85\n", "&a.b x\n", "a: !<!> x\n",
]


def random_scalars(rng, count):
    tokens = [
        "0", "1", "7", "9", "12", "0x", "0b", "0o", "1_0", "_", ":", ":30", ".", ".5", "e",
        "e+3", "E-2", "+", "-", "~", "yes", "no", "on", "Off", "y", "n", "null", "Null",
        "true", "inf", ".inf", ".nan", "nan", " ", "  ", "'", '"', "#", " #", "!", "&", "*",
        "[", "]", "{", "}", ",", "?", "|", ">", "%", "@", "`", "\t", "é", "中", "😀", "\\",
        "/", "a", "Z", "x", "2001-12-14", "21:59:43", "T", "Z", "<<", "=", "- ", "---",
        "...", "\u00a0", ": ", "\n", "0.", "1e3", "1.0e+3", "0777", "1:20",
    ]
    return ["".join(rng.choice(tokens) for _ in range(rng.randint(1, 5))) for _ in range(count)]


def random_block_document(rng):
    """Lines of keys, values, list items and comments at random indentation."""
    words = ["a", "b", "web1", "node-2", "10.0.0.1", "yes", "~", "1:20", "0x1F", "1.5", "'q s'",
             '"d q"', "[1, b]", "{k: v}", "x y", "<<", "2001-12-14", "#c", "a#b", "k:v", ""]
    lines = []
    indent = 0
    for _ in range(rng.randint(1, 12)):
        indent = max(0, indent + rng.choice([-4, -2, -2, 0, 0, 0, 2, 2, 1, 3]))
        kind = rng.random()
        word = rng.choice(words)
        if kind < 0.45:
            line = "%s: %s" % (rng.choice(words[:8]), word)
        elif kind < 0.65:
            line = "%s:" % rng.choice(words[:8])
        elif kind < 0.85:
            line = "- " + (rng.choice(words[:8]) + ": " + word if rng.random() < 0.3 else word)
        elif kind < 0.9:
            line = "# comment"
        elif kind < 0.95:
            line = "---" if rng.random() < 0.5 else "-"
        else:
            line = word
        if rng.random() < 0.1:
            line += "   # trailing"
        lines.append(" " * indent + line.rstrip() if line.strip() else "")
    return "\n".join(lines) + ("\n" if rng.random() < 0.9 else "")


def loader_cases():
    cases = []
    for scalar in SCALARS:
        cases.append(load_case("k: " + scalar + ("" if scalar.endswith("\n") else "\n")))
    for scalar in SCALARS:
        if "\n" not in scalar and not scalar.startswith(("!", "|", ">", "[", "{")):
            cases.append(load_case("- " + scalar + "\n"))
    for document in DOCUMENTS:
        cases.append(load_case(document))
    with open("/work/shared/conformance/yaml11/edge_cases.yaml") as edge:
        cases.append(load_case(edge.read(), "edge_cases.yaml"))
    rng = random.Random(20241128)
    for scalar in random_scalars(rng, 1000):
        cases.append(load_case("k: " + scalar + "\n"))
        cases.append(load_case(scalar + ": v\n"))
    # Hand-written-looking block documents, indentation and all, many of them invalid.
    rng = random.Random(20241132)
    for _ in range(600):
        cases.append(load_case(random_block_document(rng)))
    # Valid documents of every style: random structures as PyYAML writes them.
    rng = random.Random(20241131)
    for index in range(300):
        data = Decoder().decode(random_structure(rng))
        flow = [False, None, True][index % 3]
        text = yaml.dump(data, Dumper=AnsibleDumper, default_flow_style=flow, allow_unicode=index % 2 == 0,
                         width=rng.choice([20, 80, 200]), indent=rng.choice([2, 4]))
        cases.append(load_case(text))
    for scalar in TIMESTAMPS:
        cases.append(load_case("k: " + scalar + "\n"))
        # A tag on the first key of a block mapping is a known js-yaml difference.
        cases.append(load_case(("{%s: v}" if scalar.startswith("!") else "%s: v") % scalar + "\n"))
    for document in DATE_DOCUMENTS:
        cases.append(load_case(document))
    return cases


# Timestamps beyond SCALARS': odd offsets, fractions, separators, range limits.
TIMESTAMPS = [
    "2001-12-14 21:59:43 -5", "2001-12-14 21:59:43 +05:30", "2001-12-14 21:59:43 -0:30",
    "2001-12-14 21:59:43+5:90", "2001-12-14 21:59:43 +0", "2001-12-14 21:59:43 -23:59",
    "2001-12-14T21:59:43.000001", "2001-12-14T21:59:43.9999999Z", "2001-12-14 21:59:00",
    "2001-12-14 21:00:00.5", "2001-12-14   21:59:43", "2001-12-14T00:00:00", "0001-01-01",
    "9999-12-31 23:59:59.999999 +23:59", "0001-01-01 00:00:00 -1", "2024-02-29T12:00:00+01:00",
    "2001-12-15T02:59:43.1Z", "2002-1-3", "2002-01-03 1:2:3", "!!timestamp 2002-1-3",
    "!!timestamp '2001-12-14 21:59:43 +1'", "!!timestamp 2001-12-14t21:59:43.5z",
    "!unsafe 2001-12-14", "!!str 2001-12-14", "'2001-12-14'",
]

# Dates as keys: Python's equality makes equal instants one key.
DATE_DOCUMENTS = [
    "{2001-01-01: a, 2001-01-01 00:00:00: b, 2001-01-01 00:00:00Z: c}\n",
    "{2001-01-01 05:00:00 +5: a, 2001-01-01 00:00:00Z: b}\n",
    "{2001-01-01: a, 2001-01-01: b}\n",
    "a: &d 2001-12-14\nb: *d\nc: [*d, 2001-12-14 1:02:03]\n",
    "!unsafe [2001-12-14, x]\n",
]


# --------------------------------------------------------------------------------------
# Dumper cases.

STRINGS = [
    "", "a", "yes", "Yes", "no", "on", "off", "y", "n", "true", "null", "~", "1", "012", "0o12",
    "0x1F", "1_000", "1:20", "1e3", "1.0e+3", "1.0", ".inf", ".nan", "2001-12-14",
    "2001-12-14 21:59:43", "<<", "=", "!", "&", "*", "-", "--", "---", "...", "- a", "-a",
    "? a", "?a", ": a", ":a", "a:", "a: b", "a:b", "a #b", "a#b", "#a", "a,b", "[a]", "{a}",
    "a[b]", "@a", "`a", "%a", "|", ">", "'a'", '"a"', "it's", 'say "hi"', " lead", "trail ",
    " both ", "a  b", "\ta", "a\tb", "a\n", "a\nb", "a\n\nb", "\na", "a\n ", "a \nb", "a\n b",
    "line1\nline2\n", "x\r\ny", "\x00", "\x07\x1b", "\x7f", "\x85", "\u2028", "\u00a0",
    "\ufeff", "é", "中文", "😀", "a😀b", "\U0010FFFF", "\ud7ff\ue000",
    "{{ groups['kube_control_plane'][0] }}", "{{ x }}", "a" * 79, "a" * 81,
    "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr",
    "word " * 30, "x" * 100 + " " + "y" * 100, ("long line with many words " * 6).strip() + "\nsecond",
    "10.0.0.1", "node-1.example.com", "ssh -o StrictHostKeyChecking=no", "/usr/bin/python3",
    "C:\\path\\to", "a\\nb", "50%", "100:200:300", "1.2.3", "+1", "-1", ".5", "0.", "0b101",
    "0b2", "09", "1:60", "00:11:22:33:44:55", "2001:db8::1",
]

NUMBERS = [
    {"int": "0"}, {"int": "-7"}, {"int": "12345678901234567890"}, {"float": "1.0"},
    {"float": "-0.0"}, {"float": "0.5"}, {"float": "1e+16"}, {"float": "1.5e+16"},
    {"float": "1e-05"}, {"float": "0.0001"}, {"float": "123456789.12345679"},
    {"float": "inf"}, {"float": "-inf"}, {"float": "nan"}, {"float": "1e+300"},
    {"float": "5e-324"}, {"float": "1.7976931348623157e+308"}, True, False, None,
]


def random_structure(rng, depth=0):
    """A random value: nested dicts and lists of awkward scalars, for both directions."""
    roll = rng.random()
    if depth < 4 and roll < 0.25:
        keys = random_scalars(rng, rng.randint(0, 4)) + [rng.choice([0, 7, -1, 2.5, True, None])]
        keys = keys[: rng.randint(0, len(keys))]
        return {"dict": [[encode_key(k), random_structure(rng, depth + 1)] for k in dict.fromkeys(keys)]}
    if depth < 4 and roll < 0.45:
        return [random_structure(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.55:
        return rng.choice([{"int": str(rng.randint(-10**20, 10**20))}, {"float": repr(rng.uniform(-1e6, 1e6))},
                           True, False, None, {"unsafe": "{{ u }}"}])
    text = random_scalars(rng, 1)[0]
    if rng.random() < 0.2:
        text = " ".join(random_scalars(rng, rng.randint(5, 30)))
    return text


def encode_key(key):
    if isinstance(key, bool) or key is None:
        return key
    if isinstance(key, int):
        return {"int": str(key)}
    if isinstance(key, float):
        return {"float": repr(key)}
    return key


def dumper_cases():
    cases = []
    for text in STRINGS:
        cases.append(dump_case({"dict": [["k", text]]}))
        cases.append(dump_case({"dict": [[text, "v"]]}))
        cases.append(dump_case([text, [text]]))
        cases.append(dump_case(text))
    for number in NUMBERS:
        cases.append(dump_case({"dict": [["k", number], [number if number is not None else "n", [number]]]}))
    shared_list = {"anchor": 1, "value": [{"int": "1"}, {"int": "2"}]}
    shared_dict = {"anchor": 2, "value": {"dict": [["a", {"int": "1"}]]}}
    structured = [
        {"dict": []}, [], {"dict": [["e", {"dict": []}], ["l", []]]},
        {"dict": [["all", {"dict": [["children", {"dict": [["ungrouped", {"dict": []}]]}]]}]]},
        {"dict": [["b", {"int": "1"}], ["a", [{"dict": [["y", "1"], ["x", [["n"]]]]}, []]], ["c", None]]},
        {"dict": [["z", {"unsafe": "{{ x }}"}], ["v", {"vault": "$ANSIBLE_VAULT;1.1;AES256\n6231336539\n"}]]},
        {"dict": [["v", {"vault": "no newline"}], ["w", {"vault": " lead\n\n"}], ["u", [{"unsafe": "yes"}]]]},
        {"dict": [[{"int": "10"}, "a"], [{"int": "9"}, "b"], [{"float": "9.5"}, "c"], [True, "d"]]},
        {"dict": [["a", "1"], [{"int": "0"}, "2"]]},
        {"dict": [[None, "a"], ["b", "c"]]},
        {"dict": [["B", 1 == 1], ["a", None], ["_meta", None], ["é", None], ["\U0001F600", None], ["\uffff", None]]},
        {"dict": [["h1", {"dict": [["l", shared_list], ["m", shared_dict]]}], ["h2", {"dict": [["l", {"alias": 1}], ["m", {"alias": 2}]]}]]},
        [[[["deep"]]], {"dict": [["k", [{"dict": [["a", [{"dict": []}]]]}]]]}],
        {"dict": [["k" * 130, "long key"], ["a\nb", "multi-line key"], ["", "empty key"]]},
        {"dict": [[("x" * 60 + " ") * 3, "v"]]},
    ]
    for value in structured:
        cases.append(dump_case(value))
    for value in date_structures():
        cases.append(dump_case(value))
    rng = random.Random(20241129)
    for text in random_scalars(rng, 1000):
        cases.append(dump_case({"dict": [["k", text], [text, [text]]]}))
    rng = random.Random(20241130)
    for _ in range(400):
        cases.append(dump_case(random_structure(rng)))
    return cases


def date_structures():
    """Dates and datetimes as values and keys, sortable or not, shared or not."""
    d = datetime.date(2001, 12, 14)
    naive = datetime.datetime(2001, 12, 14, 21, 59, 43, 100000)
    utc = datetime.datetime(2001, 12, 14, 21, 59, 43, tzinfo=datetime.timezone.utc)
    east = datetime.datetime(2001, 12, 14, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
    west = datetime.datetime(2001, 12, 14, 21, 59, 43, 1, tzinfo=datetime.timezone(-datetime.timedelta(hours=5)))
    early = datetime.date(1, 1, 1)
    values = [d, naive, utc, east, west, early]
    enc = lambda v: {"date": repr(v)}
    out = [
        {"dict": [["k" + str(i), enc(v)] for i, v in enumerate(values)]},
        [enc(v) for v in values],
        {"dict": [[enc(datetime.date(2001, 1, 2)), "a"], [enc(d), "b"], [enc(early), "c"]]},
        {"dict": [[enc(west), "a"], [enc(utc), "b"], [enc(east), "c"]]},
        {"dict": [[enc(naive), "a"], [enc(datetime.datetime(2000, 1, 1)), "b"]]},
        {"dict": [[enc(d), "a"], [enc(naive), "b"]]},
        {"dict": [[enc(utc), "a"], [enc(naive), "b"]]},
        {"dict": [["z", "a"], [enc(d), "b"]]},
        {"dict": [[enc(d), [enc(d)]], ["k", {"dict": [[enc(naive), enc(west)]]}]]},
        {"dict": [["a", {"anchor": 1, "value": enc(d)}], ["b", {"alias": 1}], ["c", enc(d)]]},
    ]
    return out


def main():
    json.dump(
        {
            "about": "Recorded by scripts/record_yaml_cases.py with PyYAML %s (libyaml) and ansible-core AnsibleLoader/AnsibleDumper" % yaml.__version__,
            "load": loader_cases(),
            "dump": dumper_cases(),
        },
        sys.stdout,
        ensure_ascii=False,
        indent=0,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
