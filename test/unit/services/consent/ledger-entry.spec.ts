import assert from "node:assert/strict";
import { ConsentState, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { entryHash, purposeField, sealEntry } from "../../../../services/consent/src/domain/ledger-entry.js";

describe("consent - ledger entries", () => {
  const draft = { customerId: "c1", brandId: "northwind", purpose: Purpose.RECOGNITION, state: ConsentState.GIVEN };

  it("consent - seals an entry with a hash that covers its content and its predecessor", () => {
    const first = sealEntry(draft, "");
    const second = sealEntry({ ...draft, state: ConsentState.WITHDRAWN }, first.hash);
    assert.match(first.hash, /^[0-9a-f]{64}$/);
    assert.equal(second.previousHash, first.hash);
    assert.equal(entryHash(second), second.hash);
  });

  it("consent - a changed field no longer matches the sealed hash", () => {
    const entry = sealEntry(draft, "");
    entry.brandId = "contoso";
    assert.notEqual(entryHash(entry), entry.hash);
  });

  it("consent - names purposes as the projection stores them", () => {
    assert.equal(purposeField(Purpose.RECOGNITION), "recognition");
    assert.equal(purposeField(Purpose.GREET_BY_NAME), "greet_by_name");
  });
});
