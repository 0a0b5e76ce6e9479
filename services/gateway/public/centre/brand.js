// One brand as the customer decides about it: what its counter sees today (a preview of the
// counter card, built from the consent list), and each purpose with the brand's notice and a
// one-tap button to allow or stop it.
import { el, greetingFor } from "./dom.js";

export const PURPOSES = [
  { purpose: "recognition", title: "Recognise me when I arrive" },
  { purpose: "greet_by_name", title: "Greet me by name" },
  { purpose: "preferences", title: "Know my usual" },
  { purpose: "recommendations", title: "Suggest things I might like" },
  { purpose: "insights", title: "Count my visits in anonymous insights" },
];

/** The counter card as the brand's display would show it, from what the brand sees. */
function preview(brandId, seen) {
  const card = seen?.card ?? { choices: [], dontAsk: [] };
  const recognised = seen?.recognised === true;
  const body = recognised
    ? [
        el("p", { class: "greeting" }, card.greetingName ? greetingFor(card.greetingName) : "Welcome back"),
        card.choices.length > 0 &&
          el(
            "dl",
            { class: "usual" },
            card.choices.map((choice) => [el("dt", {}, choice.label), el("dd", {}, choice.answer)]),
          ),
        card.dontAsk.length > 0 &&
          el(
            "p",
            { class: "dont-ask" },
            el("span", { class: "dont-ask-label" }, "Don't ask"),
            " ",
            card.dontAsk.map((item) => item.label).join(" · "),
          ),
        !card.greetingName &&
          card.choices.length + card.dontAsk.length === 0 &&
          el("p", { class: "muted" }, "Nothing else shared."),
      ]
    : [el("p", { class: "nothing" }, "Nothing. The counter does not recognise you.")];
  return el(
    "section",
    { class: "preview", "aria-label": `What ${brandId} sees`, dataset: { recognised: String(recognised) } },
    el("h3", {}, "What the counter sees"),
    el("div", { class: "card-preview" }, body),
    recognised && seen.pseudonym && el("p", { class: "muted small" }, `They know you only as ${seen.pseudonym.slice(0, 6)}…`),
  );
}

function stateOf(seen, purpose) {
  return seen?.purposes.find((status) => status.purpose === purpose && !status.channel)?.state ?? "undecided";
}

function answerFields(schema, card) {
  const answered = new Map((card?.choices ?? []).map((choice) => [choice.choiceId, choice.answer]));
  const fields = schema.choices.map((choice) => {
    const options =
      choice.kind === "one_of"
        ? choice.options.map((option) => ({ value: option.optionId, label: option.label }))
        : [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ];
    const current = answered.get(choice.choiceId);
    return el(
      "label",
      { class: "field" },
      el("span", {}, choice.label),
      el(
        "select",
        { name: `choice:${choice.choiceId}`, dataset: { kind: choice.kind } },
        el("option", { value: "" }, "No answer"),
        options.map((option) => el("option", { value: option.value, selected: option.label === current }, option.label)),
      ),
    );
  });
  const dontAsk = new Set((card?.dontAsk ?? []).map((item) => item.itemId));
  const items = schema.dontAskOptions.map((item) =>
    el(
      "label",
      { class: "check" },
      el("input", { type: "checkbox", name: `dont-ask:${item.itemId}`, checked: dontAsk.has(item.itemId) }),
      item.label,
    ),
  );
  return [...fields, items.length > 0 && el("fieldset", {}, el("legend", {}, "Don't ask me about"), items)];
}

/** What a grant sends for a purpose, read from its form. */
export function grantBody(form, purpose, noticeVersion) {
  const body = { noticeVersion };
  if (purpose === "greet_by_name") body.greetingName = form.elements.namedItem("greetingName").value.trim();
  if (purpose === "preferences") {
    body.answers = [];
    body.dontAsk = [];
    for (const field of form.elements) {
      if (field.name?.startsWith("choice:") && field.value) {
        const choiceId = field.name.slice("choice:".length);
        body.answers.push(
          field.dataset.kind === "one_of" ? { choiceId, optionId: field.value } : { choiceId, yes: field.value === "yes" },
        );
      }
      if (field.name?.startsWith("dont-ask:") && field.checked) body.dontAsk.push(field.name.slice("dont-ask:".length));
    }
  }
  return body;
}

/**
 * A brand's panel. `offer` = { notices: {purpose: notice}, schema }, `seen` = the brand's entry
 * of the consent list (absent before any decision); `act(action, purpose, form)` does the change.
 */
export function brandPanel(brandId, offer, seen, act) {
  const purposes = PURPOSES.filter(({ purpose }) => offer.notices[purpose]).map(({ purpose, title }) => {
    const notice = offer.notices[purpose];
    const state = stateOf(seen, purpose);
    const given = state === "given";
    const extras = [];
    if (purpose === "greet_by_name") {
      extras.push(
        el(
          "label",
          { class: "field" },
          el("span", {}, "Name to greet you by"),
          el("input", { name: "greetingName", maxlength: 60, autocomplete: "given-name", value: seen?.card?.greetingName ?? "" }),
        ),
      );
    }
    if (purpose === "preferences" && offer.schema) extras.push(...answerFields(offer.schema, seen?.card));
    const form = el(
      "form",
      { class: "purpose", dataset: { purpose, state } },
      el(
        "h3",
        {},
        title,
        el("span", { class: `state ${state}` }, given ? "Allowed" : state === "undecided" ? "Not decided" : "Off"),
      ),
      el("p", { class: "notice" }, notice.text, el("span", { class: "muted small" }, ` (notice v${notice.version})`)),
      extras,
      el(
        "div",
        { class: "buttons" },
        // Given with nothing to change: only "Stop" makes sense.
        !(given && extras.length === 0) &&
          el("button", { type: "submit", class: "primary", dataset: { action: "grant" } }, given ? "Save" : "Allow"),
        given
          ? el("button", { type: "button", class: "stop", dataset: { action: "revoke" } }, "Stop")
          : state === "undecided" && el("button", { type: "button", class: "quiet", dataset: { action: "refuse" } }, "No thanks"),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      act("grant", purpose, form, notice.version);
    });
    for (const button of form.querySelectorAll('button[type="button"]')) {
      button.addEventListener("click", () => act(button.dataset.action, purpose, form, notice.version));
    }
    return form;
  });
  return el(
    "section",
    { class: "brand-panel", dataset: { brand: brandId } },
    el("h2", {}, brandId),
    preview(brandId, seen),
    purposes.length > 0 ? purposes : el("p", { class: "muted" }, `${brandId} has published no notices yet.`),
  );
}
