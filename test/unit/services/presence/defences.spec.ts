import assert from "node:assert/strict";
import {
  decodeWhereabouts,
  distanceKm,
  encodeWhereabouts,
  isImpossibleTravel,
  isReplay,
} from "../../../../services/presence/src/domain/defences.js";

const seattle = { place: "northwind:pike", latitude: 47.6097, longitude: -122.3422, atMs: 0 };
const portland = { place: "northwind:pearl", latitude: 45.5231, longitude: -122.6765, atMs: 0 };

describe("presence - replay and relay decisions", () => {
  it("presence - a rolling ID heard within two intervals is fine, beyond is a replay", () => {
    assert.equal(isReplay(0, 1_200_000), false);
    assert.equal(isReplay(0, 1_200_001), true);
  });

  it("presence - measures great-circle distance", () => {
    assert.ok(Math.abs(distanceKm(seattle, portland) - 234) < 3);
  });

  it("presence - Seattle to Portland in ten minutes is impossible, in four hours it is not", () => {
    assert.equal(isImpossibleTravel(seattle, { ...portland, atMs: 10 * 60_000 }, 300), true);
    assert.equal(isImpossibleTravel(seattle, { ...portland, atMs: 4 * 3_600_000 }, 300), false);
  });

  it("presence - the same store, or one next door, is never impossible", () => {
    assert.equal(isImpossibleTravel(seattle, { ...seattle, atMs: 1 }, 300), false);
    assert.equal(isImpossibleTravel(seattle, { ...seattle, place: "northwind:other", latitude: 47.615, atMs: 1 }, 300), false);
  });

  it("presence - whereabouts survive their Redis encoding", () => {
    assert.deepEqual(decodeWhereabouts(encodeWhereabouts({ ...seattle, atMs: 42 })), { ...seattle, atMs: 42 });
    assert.equal(decodeWhereabouts("garbage"), undefined);
  });
});
