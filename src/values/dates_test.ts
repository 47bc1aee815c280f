import assert from "node:assert/strict";
import { UnserializableValueError } from "../errors.ts";
import { dumpJson, sortPyKeys, UnsortableKeysError } from "./json.ts";
import { comparePyDates, pyDateIdentity } from "./order.ts";
import { dateRepr, pyRepr, pyStr } from "./py_str.ts";
import { PyDate, type PyKey, type PyValue } from "./types.ts";

function at(
  hour: number,
  minute: number,
  second = 0,
  microsecond = 0,
  offset: number | null = null,
): { hour: number; minute: number; second: number; microsecond: number; offset: number | null } {
  return { hour, minute, second, microsecond, offset };
}

/**
 * [date, repr(), str(), isoformat()] as /usr/bin/python3 (3.11) printed them for the same
 * datetime.date / datetime.datetime objects.
 */
const PRINTED: [PyDate, string, string, string][] = [
  [
    new PyDate(2001, 12, 14),
    "datetime.date(2001, 12, 14)",
    "2001-12-14",
    "2001-12-14",
  ],
  [new PyDate(1, 1, 1), "datetime.date(1, 1, 1)", "0001-01-01", "0001-01-01"],
  [
    new PyDate(2001, 12, 14, at(21, 59)),
    "datetime.datetime(2001, 12, 14, 21, 59)",
    "2001-12-14 21:59:00",
    "2001-12-14T21:59:00",
  ],
  [
    new PyDate(2001, 12, 14, at(21, 59, 0, 5)),
    "datetime.datetime(2001, 12, 14, 21, 59, 0, 5)",
    "2001-12-14 21:59:00.000005",
    "2001-12-14T21:59:00.000005",
  ],
  [
    new PyDate(2001, 12, 14, at(0, 0, 7)),
    "datetime.datetime(2001, 12, 14, 0, 0, 7)",
    "2001-12-14 00:00:07",
    "2001-12-14T00:00:07",
  ],
  [
    new PyDate(2001, 12, 14, at(21, 59, 43, 100000, -300)),
    "datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))",
    "2001-12-14 21:59:43.100000-05:00",
    "2001-12-14T21:59:43.100000-05:00",
  ],
  [
    new PyDate(1, 1, 1, at(0, 0, 0, 0, -30)),
    "datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=84600)))",
    "0001-01-01 00:00:00-00:30",
    "0001-01-01T00:00:00-00:30",
  ],
  [
    new PyDate(2001, 1, 1, at(0, 0, 0, 0, 0)),
    "datetime.datetime(2001, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)",
    "2001-01-01 00:00:00+00:00",
    "2001-01-01T00:00:00+00:00",
  ],
  [
    new PyDate(9999, 12, 31, at(23, 59, 59, 999999, 23 * 60 + 59)),
    "datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(seconds=86340)))",
    "9999-12-31 23:59:59.999999+23:59",
    "9999-12-31T23:59:59.999999+23:59",
  ],
  [
    new PyDate(2001, 1, 1, at(0, 0, 0, 0, 330)),
    "datetime.datetime(2001, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=19800)))",
    "2001-01-01 00:00:00+05:30",
    "2001-01-01T00:00:00+05:30",
  ],
];

Deno.test("dates print as Python's repr(), str() and isoformat()", () => {
  for (const [date, repr, str, iso] of PRINTED) {
    assert.equal(dateRepr(date), repr);
    assert.equal(pyRepr(date), repr);
    assert.equal(pyStr(date), str);
    assert.equal(date.isoformat(), iso);
    // Inside a container, str() falls back to repr().
    assert.equal(pyStr([date]), `[${repr}]`);
    assert.equal(pyStr(new Map<PyKey, PyValue>([[date, "x"]])), `{${repr}: 'x'}`);
  }
});

Deno.test("dumpJson() writes dates as isoformat() and refuses them as keys", () => {
  const [date, , , iso] = PRINTED[5]!;
  assert.equal(dumpJson(new Map([["d", date]])), `{\n    "d": "${iso}"\n}`);
  assert.equal(dumpJson([PRINTED[0]![0]], { indent: null }), '["2001-12-14"]');
  for (const sortKeys of [true, false]) {
    assert.throws(
      () => dumpJson(new Map<PyKey, PyValue>([[PRINTED[0]![0], 1]]), { sortKeys }),
      new UnserializableValueError("keys must be str, int, float, bool or None, not date"),
    );
    assert.throws(
      () => dumpJson(new Map<PyKey, PyValue>([[PRINTED[2]![0], 1]]), { sortKeys }),
      new UnserializableValueError("keys must be str, int, float, bool or None, not datetime"),
    );
  }
});

Deno.test("dates order and compare as in Python", () => {
  const day = new PyDate(2001, 1, 1);
  const naive = new PyDate(2001, 1, 1, at(0, 0));
  const utc = new PyDate(2001, 1, 1, at(0, 0, 0, 0, 0));
  const east = new PyDate(2001, 1, 1, at(5, 0, 0, 0, 300));
  const later = new PyDate(2001, 1, 1, at(4, 59, 59, 999999, -1));
  // Aware datetimes compare as instants; a date never with a datetime, naive never with aware.
  assert.equal(comparePyDates(utc, east), 0);
  assert.ok(comparePyDates(utc, later)! < 0);
  assert.equal(comparePyDates(day, naive), undefined);
  assert.equal(comparePyDates(naive, utc), undefined);
  assert.ok(comparePyDates(new PyDate(2000, 12, 31), day)! < 0);
  assert.ok(
    comparePyDates(new PyDate(2000, 2, 29, at(23, 59)), new PyDate(2000, 3, 1, at(0, 0)))! < 0,
  );
  // Equality (and so dict keys): equal instants are one key, nothing else crosses kinds.
  assert.equal(pyDateIdentity(utc), pyDateIdentity(east));
  assert.notEqual(pyDateIdentity(day), pyDateIdentity(naive));
  assert.notEqual(pyDateIdentity(naive), pyDateIdentity(utc));
  // sorted() on keys: dates of one kind sort, mixed kinds raise TypeError.
  assert.deepEqual(sortPyKeys([later, east]), [east, later]);
  assert.throws(() => sortPyKeys([day, naive]), UnsortableKeysError);
  assert.throws(() => sortPyKeys(["a", day]), UnsortableKeysError);
});
