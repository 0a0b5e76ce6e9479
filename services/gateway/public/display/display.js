// The counter display: one card per customer present, built only from what they shared with the
// brand, and the staff buttons that tell recommendations what happened. Opened as
// /display/#store=<store id>&token=<display token>: the fragment never leaves the browser.

const cards = new Map();
const list = document.getElementById("cards");
const empty = document.getElementById("empty");
const statusLine = document.getElementById("status");

function readAccess() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  let store = fragment.get("store");
  let token = fragment.get("token");
  if (store && token) {
    sessionStorage.setItem("usual.display", JSON.stringify({ store, token }));
    // Keep the token out of the address bar and the history from now on.
    history.replaceState(null, "", location.pathname);
  } else {
    const saved = JSON.parse(sessionStorage.getItem("usual.display") ?? "null");
    store = saved?.store;
    token = saved?.token;
  }
  return store && token ? { store, token } : undefined;
}

function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function greetingFor(name) {
  const hour = new Date().getHours();
  const part = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
  return `${part} ${name}`;
}

function setStatus(text, trouble = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("trouble", trouble);
}

function showEmptyWhenNoCards() {
  empty.hidden = cards.size > 0;
}

function feedbackButton(button, access, pseudonym, itemId) {
  const feedbackId = uuid();
  const label = button.textContent;
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.classList.remove("failed");
    try {
      const response = await fetch(`/v1/stores/${encodeURIComponent(access.store)}/feedback`, {
        method: "POST",
        headers: { authorization: `Bearer ${access.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          feedbackId,
          customerPseudonym: pseudonym,
          kind: button.dataset.kind,
          ...(itemId ? { itemId } : {}),
        }),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      button.classList.add("sent");
      button.textContent = `${label} ✓`;
    } catch {
      // Same feedback id on retry: the gateway stores it once.
      button.disabled = false;
      button.classList.add("failed");
      button.textContent = `${label} — not sent, tap to retry`;
    }
  });
}

function renderCard(customer, access) {
  const node = document.getElementById("card-template").content.firstElementChild.cloneNode(true);
  const card = customer.card;
  node.dataset.pseudonym = customer.customerPseudonym;
  node.querySelector(".greeting").textContent = card?.greetingName ? greetingFor(card.greetingName) : "Welcome back";
  node.querySelector(".who").textContent = `Guest ${customer.customerPseudonym.slice(0, 6)}`;
  if (card?.choices?.length) {
    const choices = node.querySelector(".choices");
    for (const choice of card.choices) {
      const term = document.createElement("dt");
      term.textContent = choice.label;
      const answer = document.createElement("dd");
      answer.textContent = choice.answer;
      choices.append(term, answer);
    }
    node.querySelector(".usual").hidden = false;
    feedbackButton(node.querySelector('.usual button[data-kind="served_usual"]'), access, customer.customerPseudonym);
  }
  if (card?.dontAsk?.length) {
    node.querySelector(".dont-ask-items").textContent = card.dontAsk.map((item) => item.label).join(" · ");
    node.querySelector(".dont-ask").hidden = false;
  }
  if (card?.suggestions?.length) {
    const suggestions = node.querySelector(".suggestion-list");
    for (const suggestion of card.suggestions) {
      const item = document.getElementById("suggestion-template").content.firstElementChild.cloneNode(true);
      item.dataset.itemId = suggestion.itemId;
      item.querySelector(".label").textContent = suggestion.label;
      item.querySelector(".reason").textContent = suggestion.reason ? `— ${suggestion.reason}` : "";
      for (const button of item.querySelectorAll("button"))
        feedbackButton(button, access, customer.customerPseudonym, suggestion.itemId);
      suggestions.append(item);
    }
    node.querySelector(".suggestions").hidden = false;
  }
  if (!card) node.querySelector(".nothing-shared").hidden = false;
  return node;
}

function upsert(customer, access) {
  const fresh = renderCard(customer, access);
  const existing = cards.get(customer.customerPseudonym);
  if (existing) {
    fresh.dataset.shownAt = existing.dataset.shownAt;
    existing.replaceWith(fresh);
  } else {
    // When this display first showed the customer (for latency checks; no personal data).
    fresh.dataset.shownAt = String(Date.now());
    fresh.classList.add("entering");
    list.prepend(fresh);
    requestAnimationFrame(() => requestAnimationFrame(() => fresh.classList.remove("entering")));
  }
  cards.set(customer.customerPseudonym, fresh);
  showEmptyWhenNoCards();
}

function remove(pseudonym) {
  const node = cards.get(pseudonym);
  if (!node) return;
  cards.delete(pseudonym);
  node.dataset.leaving = "true";
  node.classList.add("leaving");
  setTimeout(() => node.remove(), 600);
  showEmptyWhenNoCards();
}

function clearAll() {
  for (const pseudonym of [...cards.keys()]) remove(pseudonym);
}

function start() {
  const access = readAccess();
  if (!access) {
    setStatus("Open this page with the display link from the gateway (…/display/#store=…&token=…).", true);
    return;
  }
  document.getElementById("store").textContent = access.store;
  const url = `/v1/stores/${encodeURIComponent(access.store)}/presence/events`;
  window.followEvents(url, access.token, {
    onEvent(name, data) {
      if (name === "ready") {
        setStatus("Live");
        document.body.dataset.live = "true";
      } else if (name === "present" || name === "arrived") upsert(data, access);
      else if (name === "left") remove(data.customerPseudonym);
      else if (name === "reset") clearAll();
    },
    onState(state, detail) {
      if (state === "live") setStatus("Connected…");
      else if (state === "reconnecting") {
        document.body.dataset.live = "false";
        setStatus("Reconnecting…", true);
      } else setStatus(`Not authorised: ${detail}`, true);
    },
  });
}

start();
