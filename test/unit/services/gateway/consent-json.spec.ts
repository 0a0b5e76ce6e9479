import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  Channel,
  ConsentRecordSchema,
  ConsentState,
  EntryKind,
  ListConsentsResponseSchema,
  Purpose,
} from "#gen/usual/consent/v1/consent_pb.js";
import { consentsJson, recordJson } from "../../../../services/gateway/src/customers/consent-json.js";

const AT = Date.UTC(2026, 0, 2, 9, 30);

describe("gateway - consent as JSON", () => {
  it("gateway - a record names its purpose, channel and state in words and keeps its receipt", () => {
    const record = create(ConsentRecordSchema, {
      kind: EntryKind.BRAND,
      brandId: "northwind",
      purpose: Purpose.NOTIFICATIONS,
      channel: Channel.EMAIL,
      state: ConsentState.WITHDRAWN,
      noticeVersion: 2,
      recordedAt: timestampFromMs(AT),
      entryHash: "ab".repeat(32),
      ledgerSequence: 12n,
      receipt: "h.p.s",
    });
    assert.deepEqual(recordJson(record), {
      kind: "brand",
      brandId: "northwind",
      purpose: "notifications",
      channel: "email",
      state: "withdrawn",
      noticeVersion: 2,
      recordedAt: "2026-01-02T09:30:00.000Z",
      entryHash: "ab".repeat(32),
      ledgerSequence: 12,
      receipt: "h.p.s",
    });
    const erasure = recordJson(create(ConsentRecordSchema, { kind: EntryKind.ERASURE, recordedAt: timestampFromMs(AT) }));
    assert.deepEqual(
      [erasure.kind, erasure.brandId, erasure.purpose, erasure.state],
      ["erasure", undefined, undefined, undefined],
    );
  });

  it("gateway - a brand recognises the customer only with recognition given and a pseudonym held", () => {
    const given = (purpose: Purpose) => ({
      purpose,
      state: ConsentState.GIVEN,
      noticeVersion: 1,
      recordedAt: timestampFromMs(AT),
    });
    const listed = create(ListConsentsResponseSchema, {
      programme: { state: ConsentState.GIVEN, noticeVersion: 1, recordedAt: timestampFromMs(AT) },
      brands: [
        {
          brandId: "northwind",
          pseudonym: "p".repeat(22),
          purposes: [given(Purpose.RECOGNITION), given(Purpose.GREET_BY_NAME)],
          card: { greetingName: "Jeff", choices: [{ choiceId: "usual", label: "Regular order", answer: "Tall drip" }] },
        },
        // After an erasure the ledger still lists the decision, but nothing is held.
        { brandId: "erased", pseudonym: "", purposes: [given(Purpose.RECOGNITION)] },
        {
          brandId: "refused",
          pseudonym: "q".repeat(22),
          purposes: [{ ...given(Purpose.RECOGNITION), state: ConsentState.REFUSED }],
        },
      ],
    });
    const json = consentsJson(listed);
    assert.equal(json.programme?.state, "given");
    assert.deepEqual(
      json.brands.map((brand) => [brand.brandId, brand.recognised]),
      [
        ["northwind", true],
        ["erased", false],
        ["refused", false],
      ],
    );
    assert.deepEqual(json.brands[0]?.card, {
      greetingName: "Jeff",
      choices: [{ choiceId: "usual", label: "Regular order", answer: "Tall drip" }],
      dontAsk: [],
    });
    assert.deepEqual(json.brands[1]?.card, { choices: [], dontAsk: [] });
  });
});
