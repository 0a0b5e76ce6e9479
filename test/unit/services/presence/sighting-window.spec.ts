import assert from "node:assert/strict";
import { intervalsInSkew, matchingDays } from "../../../../services/presence/src/domain/sighting-window.js";

describe("presence - skew rule", () => {
  const interval = 2_992_320;
  const middle = interval * 600 + 300;
  const withinSkew = (observedAtSeconds: number, ridInterval: number) => {
    const { first, last } = intervalsInSkew(observedAtSeconds);
    return first <= ridInterval && ridInterval <= last;
  };

  it("presence - accepts a rolling ID of the sighting's interval and of the ones either side", () => {
    assert.ok(withinSkew(middle, interval));
    assert.ok(withinSkew(middle + 600, interval));
    assert.ok(withinSkew(middle - 600, interval));
  });

  it("presence - refuses a rolling ID two intervals away", () => {
    assert.equal(withinSkew(middle + 1200, interval), false);
    assert.equal(withinSkew(middle - 1200, interval), false);
  });

  it("presence - looks in one day's table, or in both days around midnight", () => {
    const day = 20_780;
    assert.deepEqual(matchingDays(day * 86_400 + 43_200), [day]);
    assert.deepEqual(
      matchingDays(day * 86_400 + 10),
      [day - 1, day],
      "first interval of the day: the last one of yesterday may match",
    );
    assert.deepEqual(matchingDays((day + 1) * 86_400 - 10), [day, day + 1], "last interval: tomorrow's first may match");
  });
});
