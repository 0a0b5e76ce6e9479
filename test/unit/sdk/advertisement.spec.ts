import assert from "node:assert/strict";
import { AdvertisementError, advertisingPayload, parseServiceData, serviceData } from "#sdk/wearable/src/index.js";

const rid = Buffer.from("00112233445566778899aabbccddeeff", "hex");

describe("wearable sdk - advertisement", () => {
  it("wearable sdk - service data is version, the 16-byte rolling ID, then the transmit power", () => {
    assert.equal(serviceData(rid, -59).toString("hex"), `01${rid.toString("hex")}c5`);
    assert.deepEqual(parseServiceData(serviceData(rid, -59)), { rollingId: rid, txPowerDbm: -59 });
  });

  it("wearable sdk - the advertising payload is Flags, our UUID and our service data, within 31 bytes", () => {
    const payload = advertisingPayload(rid, 4, 0xfff6);
    assert.equal(payload.length, 29);
    assert.equal(payload.toString("hex"), `020106` + `0303f6ff` + `1516f6ff` + `01${rid.toString("hex")}04`);
  });

  it("wearable sdk - refuses a short ID and an out-of-range power; a scanner skips unknown versions", () => {
    assert.throws(() => serviceData(rid.subarray(1), 0), AdvertisementError);
    assert.throws(() => serviceData(rid, 128), AdvertisementError);
    assert.equal(parseServiceData(Buffer.concat([Buffer.from([2]), rid, Buffer.from([0])])), undefined);
  });
});
