import assert from "node:assert/strict";
import { dailyKey, deviceRootKey, rollingId, rollingIdKey } from "#libs/rolling-id/src/index.js";
import { keyBundle } from "../../../../services/identity/src/domain/key-bundle.js";
import { expiresAt, resolverEntries, windowIntervals } from "../../../../services/identity/src/domain/resolver-window.js";
import { brandPseudonym } from "../../../../services/identity/src/domain/secrets.js";

const masterKey = Buffer.alloc(16, 7);

describe("identity - resolver window", () => {
  it("identity - holds intervals i-1 .. i+2", () => {
    assert.deepEqual(windowIntervals(100), [99, 100, 101, 102]);
  });

  it("identity - expires an entry once its interval is more than one in the past", () => {
    assert.equal(expiresAt(100), 102 * 600);
  });

  it("identity - computes the same IDs as the wearable, across a day boundary", () => {
    const intervals = [143, 144];
    const entries = resolverEntries(masterKey, "dev", intervals);
    const root = deviceRootKey(masterKey, "dev");
    for (const entry of entries) {
      const expected = rollingId(rollingIdKey(dailyKey(root, Math.floor(entry.interval / 144))), entry.interval);
      assert.deepEqual(entry.rollingId, expected);
    }
    assert.deepEqual(
      entries.map((entry) => entry.interval),
      intervals,
    );
  });

  it("identity - hands a device the daily keys of today and the next six days", () => {
    const now = 20_780 * 86_400 + 5;
    const bundle = keyBundle(masterKey, "dev", now);
    assert.deepEqual(
      bundle.map((entry) => entry.day),
      [20_780, 20_781, 20_782, 20_783, 20_784, 20_785, 20_786],
    );
    assert.deepEqual(bundle[1]?.key, dailyKey(deviceRootKey(masterKey, "dev"), 20_781));
  });
});

describe("identity - brand pseudonyms", () => {
  const secret = Buffer.alloc(32, 3);
  it("identity - gives one customer a stable pseudonym per brand, different across brands", () => {
    assert.equal(brandPseudonym(secret, "northwind", "c1"), brandPseudonym(secret, "northwind", "c1"));
    assert.notEqual(brandPseudonym(secret, "northwind", "c1"), brandPseudonym(secret, "contoso", "c1"));
    assert.notEqual(brandPseudonym(secret, "northwind", "c1"), brandPseudonym(secret, "northwind", "c2"));
  });

  it("identity - never contains the customer id", () => {
    assert.doesNotMatch(brandPseudonym(secret, "northwind", "customer-123"), /customer-123/);
  });
});
