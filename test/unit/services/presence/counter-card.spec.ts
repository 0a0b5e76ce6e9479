import assert from "node:assert/strict";
import { create, toBinary } from "@bufbuild/protobuf";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import { SuggestionsSchema } from "#gen/usual/recommendations/v1/suggestions_pb.js";
import { counterCard } from "../../../../services/presence/src/domain/counter-card.js";

describe("presence - counter card", () => {
  const card = toBinary(
    SharedCardSchema,
    create(SharedCardSchema, {
      greetingName: "Ana",
      choices: [{ choiceId: "usual", label: "Regular order", answer: "Flat white" }],
      dontAsk: [{ itemId: "receipt", label: "Paper receipt" }],
    }),
  );
  const suggestions = toBinary(
    SuggestionsSchema,
    create(SuggestionsSchema, { suggestions: [{ itemId: "scone", label: "Scone" }] }),
  );
  const none = { greetByName: false, preferences: false, recommendations: false };

  it("presence - shows no part whose purpose is not given, whatever is stored", () => {
    const { card: shown, unreadable } = counterCard({ ...none, card, suggestions });
    assert.deepEqual(shown, {});
    assert.deepEqual(unreadable, []);
  });

  it("presence - shows the name under greet_by_name and the choices under preferences, separately", () => {
    assert.deepEqual(Object.keys(counterCard({ ...none, greetByName: true, card, suggestions }).card), ["greetingName"]);
    assert.deepEqual(Object.keys(counterCard({ ...none, preferences: true, card, suggestions }).card).sort(), [
      "choices",
      "dontAsk",
    ]);
    assert.deepEqual(counterCard({ ...none, recommendations: true, card, suggestions }).card.suggestions?.length, 1);
  });

  it("presence - an unreadable stored value leaves its part out and says which", () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff]);
    const outcome = counterCard({ greetByName: true, preferences: true, recommendations: true, card: garbage, suggestions });
    assert.deepEqual(outcome.unreadable, ["card"]);
    assert.equal(outcome.card.greetingName, undefined);
    assert.equal(outcome.card.suggestions?.length, 1, "the readable part still shows");
  });
});
