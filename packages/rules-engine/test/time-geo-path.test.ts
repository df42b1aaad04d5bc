import { describe, expect, it } from "vitest";
import { outcome, type Outcome } from "./helpers.js";

type Row = [expr: string, expected: Outcome];

// 2024-02-29T13:45:30.123Z, a Thursday, the 60th day of a leap year.
const time = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123));

const check = (rows: Row[]) =>
  it.each(rows)("%s → %s", (expr, expected) => {
    expect(outcome(expr, { time })).toBe(expected);
  });

describe("rules.Timestamp — https://firebase.google.com/docs/reference/rules/rules.Timestamp", () => {
  check([
    ["request.time is timestamp", true],
    ["request.time.year() == 2024", true],
    ["request.time.month() == 2", true],
    ["request.time.day() == 29", true],
    ["request.time.hours() == 13", true],
    ["request.time.minutes() == 45", true],
    ["request.time.seconds() == 30", true],
    ["request.time.nanos() == 123000000", true],
    ["request.time.dayOfWeek() == 4", true],
    ["request.time.dayOfYear() == 60", true],
    ["request.time.toMillis() == 1709214330123", true],
    ["request.time.date() == timestamp.date(2024, 2, 29)", true],
    ["request.time.time() == duration.time(13, 45, 30, 123000000)", true],
    ["request.time > timestamp.date(2024, 1, 1)", true],
    ["request.time == timestamp.value(1709214330123)", true],
    ["request.time - timestamp.date(2024, 2, 29) == duration.value(49530123, 'ms')", true],
    ["request.time + duration.value(1, 'd') == timestamp.value(1709300730123)", true],
    ["duration.value(1, 'd') + request.time == timestamp.value(1709300730123)", true],
    ["request.time - duration.value(1, 'h') < request.time", true],
    ["(request.time - request.time) is duration", true],
    ["request.time + request.time > request.time", "error"],
    ["request.time < 5", "error"],
  ]);
});

describe("rules.timestamp — https://firebase.google.com/docs/reference/rules/rules.timestamp_", () => {
  check([
    ["timestamp.date(2000, 1, 1).year() == 2000", true],
    ["timestamp.date(2000, 1, 1).toMillis() == 946684800000", true],
    ["timestamp.date(2023, 2, 29) == timestamp.date(2023, 3, 1)", "error"],
    ["timestamp.date(2023, 13, 1).year() == 2024", "error"],
    ["timestamp.value(0) == timestamp.date(1970, 1, 1)", true],
    ["timestamp.value(-1).year() == 1969", true],
    ["timestamp.value(-1).hours() == 23", true],
    ["timestamp.date(2024, 1, 7).dayOfWeek() == 7", true],
  ]);
});

describe("rules.Duration — https://firebase.google.com/docs/reference/rules/rules.Duration", () => {
  check([
    ["duration.value(90, 's').seconds() == 90", true],
    ["duration.value(1500, 'ms').seconds() == 1", true],
    ["duration.value(1500, 'ms').nanos() == 500000000", true],
    ["duration.value(-1500, 'ms').seconds() == -1", true],
    ["duration.value(-1500, 'ms').nanos() == -500000000", true],
    ["duration.value(1, 'h') > duration.value(59, 'm')", true],
    ["duration.value(1, 'h') - duration.value(30, 'm') == duration.value(30, 'm')", true],
    ["-duration.value(1, 's') == duration.value(-1, 's')", true],
    ["duration.value(1, 's') is duration", true],
  ]);
});

describe("rules.duration — https://firebase.google.com/docs/reference/rules/rules.duration_", () => {
  check([
    ["duration.abs(duration.value(-10, 's')) == duration.value(10, 's')", true],
    ["duration.value(1, 'w') == duration.value(7, 'd')", true],
    ["duration.value(1, 'd') == duration.value(24, 'h')", true],
    ["duration.value(1, 'm') == duration.value(60, 's')", true],
    ["duration.value(1, 's') == duration.value(1000, 'ms')", true],
    ["duration.value(1, 'ms') == duration.value(1000000, 'ns')", true],
    ["duration.time(1, 2, 3, 4).seconds() == 3723", true],
    ["duration.time(1, 2, 3, 4).nanos() == 4", true],
    ["duration.value(1, 'y') == duration.value(365, 'd')", "error"],
  ]);
});

describe("rules.LatLng — https://firebase.google.com/docs/reference/rules/rules.LatLng", () => {
  check([
    ["latlng.value(37.3, -122.0).latitude() == 37.3", true],
    ["latlng.value(37.3, -122.0).longitude() == -122.0", true],
    ["latlng.value(0, 0).distance(latlng.value(0, 0)) == 0", true],
    // One degree of latitude is about 111.2 km.
    ["latlng.value(0, 0).distance(latlng.value(1, 0)) > 111000", true],
    ["latlng.value(0, 0).distance(latlng.value(1, 0)) < 111400", true],
    ["latlng.value(0, 0) == latlng.value(0.0, 0.0)", true],
    ["latlng.value(0, 0) is latlng", true],
    ["latlng.value(91, 0).latitude() == 91", "error"],
    ["latlng.value(0, 181).latitude() == 0", "error"],
    ["latlng.value(0, 0).distance(1) > 0", "error"],
  ]);
});

describe("rules.Path — https://firebase.google.com/docs/reference/rules/rules.Path", () => {
  check([
    ["(/path/$(foo)/$(bar)).bind({'foo': 'something', 'bar': 'another'}) == /path/something/another", true],
    ["path('path/to/resource') == /path/to/resource", true],
    ["path('/a/b') == /a/b", true],
    ["/a/b == /a/c", false],
    ["(/a/b/c)[1] == 'b'", true],
    ["(/a/b/c)[3] == 'c'", "error"],
    ["(/path/$(foo)).bind({'foo': 'x'})['foo'] == 'x'", true],
    ["(/path/$(foo)).bind({'foo': 'x'}).foo == 'x'", true],
    ["/a/$(request.method) == /a/get", true],
    ["/a/(request.method) == /a/get", true],
    ["/a/$('b' + 'c') == /a/bc", true],
    ["/databases/(default)/documents/x == path('databases/(default)/documents/x')", true],
    ["/databases/$(database)/documents/t/$(id) == request.path", true],
    ["request.path is path", true],
    ["/a/b is path", true],
    ["exists(/databases/$(database)/documents/$(missing))", "error"],
  ]);
});

describe("rules.debug — https://firebase.google.com/docs/reference/rules/rules.debug", () => {
  check([
    ["debug(1) == 1", true],
    ["debug(request.time) == request.time", true],
    ["debug(debug(true))", true],
    ["debug(1, 2) == 1", "error"],
  ]);
});
