/**
 * Python's ordering of `str`: by code point. JavaScript's `<` compares UTF-16 code
 * units, which differs for characters beyond U+FFFF, so sorting goes through here.
 * Also Python's ordering and equality of dates and datetimes.
 *
 * @module
 */

import type { PyDate } from "./types.ts";

/** Compares two strings by code point, as Python's `sorted()` does. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above every BMP character.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Python's ordering of two dates or datetimes: `undefined` where Python raises `TypeError`
 * (a date with a datetime, a naive datetime with an aware one). Aware datetimes compare as
 * instants, whatever their offsets.
 */
export function comparePyDates(a: PyDate, b: PyDate): number | undefined {
  const x = a.time;
  const y = b.time;
  if (x === null || y === null) {
    if (x !== y) return undefined;
    return a.year - b.year || a.month - b.month || a.day - b.day;
  }
  if ((x.offset === null) !== (y.offset === null)) return undefined;
  return minutesOf(a) - minutesOf(b) || x.second - y.second || x.microsecond - y.microsecond;
}

/**
 * A value equal for two dates exactly when Python's `==` holds (and so `hash()` agrees): a
 * date never equals a datetime, a naive datetime never equals an aware one, aware ones are
 * equal when they name the same instant.
 */
export function pyDateIdentity(date: PyDate): string {
  const time = date.time;
  if (time === null) return `d${date.year}-${date.month}-${date.day}`;
  return `${time.offset === null ? "n" : "a"}${minutesOf(date)}:${time.second}.${time.microsecond}`;
}

/** Minutes since 0001-01-01 00:00 (UTC for an aware datetime): exact, far below 2^53. */
function minutesOf(date: PyDate): number {
  const time = date.time!;
  return daysBefore(date.year, date.month) * 1440 + (date.day - 1) * 1440 + time.hour * 60 +
    time.minute - (time.offset ?? 0);
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function daysBefore(year: number, month: number): number {
  const y = year - 1;
  const leap = month > 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) +
    DAYS_BEFORE_MONTH[month - 1]! + (leap ? 1 : 0);
}
