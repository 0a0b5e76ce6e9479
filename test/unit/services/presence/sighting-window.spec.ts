import assert from "node:assert/strict";
import { parseResolverValue, withinSkew } from "../../../../services/presence/src/domain/sighting-window.js";

describe("presence - skew rule", () => {
  const interval = 2_992_320;
  const middle = interval * 600 + 300;

  it("presence - accepts a rolling ID of the sighting's interval and of the ones either side", () => {
    assert.ok(withinSkew(middle, interval));
    assert.ok(withinSkew(middle + 600, interval));
    assert.ok(withinSkew(middle - 600, interval));
  });

  it("presence - refuses a rolling ID two intervals away", () => {
    assert.equal(withinSkew(middle + 1200, interval), false);
    assert.equal(withinSkew(middle - 1200, interval), false);
  });

  it("presence - parses resolver values and refuses malformed ones", () => {
    assert.deepEqual(parseResolverValue("42:abc:def"), { interval: 42, customerId: "abc:def" });
    assert.equal(parseResolverValue("nope"), undefined);
    assert.equal(parseResolverValue("x:abc"), undefined);
  });
});
