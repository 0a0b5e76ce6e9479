import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  dailyKey,
  dayOfInterval,
  deviceRootKey,
  intervalAt,
  rollingId,
  rollingIdAt,
  rollingIdKey,
  rollingIdsOfDay,
} from "#libs/rolling-id/src/index.js";

type Vector = {
  master_key_hex: string;
  device_id: string;
  interval: number;
  day: number;
  device_root_key_hex: string;
  daily_key_hex: string;
  rolling_id_key_hex: string;
  rolling_id_hex: string;
};

const vectors: Vector[] = JSON.parse(readFileSync(new URL("../../../docs/rolling-id-vectors.json", import.meta.url), "utf8"));

describe("rolling-id - derivation", () => {
  it("rolling-id - publishes at least 8 vectors including a day boundary", () => {
    assert.ok(vectors.length >= 8);
    const boundary = vectors.some((v, i) => i > 0 && vectors[i - 1]?.day !== v.day && vectors[i - 1]?.device_id === v.device_id);
    assert.ok(boundary, "expected consecutive vectors of one device across a day boundary");
  });

  for (const v of vectors) {
    it(`rolling-id - matches the reference implementation for ${v.device_id} at interval ${v.interval}`, () => {
      const root = deviceRootKey(Buffer.from(v.master_key_hex, "hex"), v.device_id);
      assert.equal(root.toString("hex"), v.device_root_key_hex);
      assert.equal(dayOfInterval(v.interval), v.day);
      const day = dailyKey(root, v.day);
      assert.equal(day.toString("hex"), v.daily_key_hex);
      const rik = rollingIdKey(day);
      assert.equal(rik.toString("hex"), v.rolling_id_key_hex);
      assert.equal(rollingId(rik, v.interval).toString("hex"), v.rolling_id_hex);
      assert.equal(rollingIdsOfDay(day, [v.interval])[0]?.toString("hex"), v.rolling_id_hex);
    });
  }

  it("rolling-id - changes every 600 seconds and is the same within an interval", () => {
    const day = dailyKey(deviceRootKey(Buffer.alloc(16, 1), "watch"), dayOfInterval(intervalAt(1_795_000_000)));
    const start = intervalAt(1_795_000_000) * 600;
    assert.deepEqual(rollingIdAt(day, start), rollingIdAt(day, start + 599));
    assert.notDeepEqual(rollingIdAt(day, start), rollingIdAt(day, start + 600));
  });
});
