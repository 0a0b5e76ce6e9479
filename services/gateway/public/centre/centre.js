// The consent centre: sign in (or register), join the programme, choose per brand what it may
// know, see exactly what each brand's counter sees, take anything back with one tap, download
// everything held about you, or erase it. Opened as /centre/ (optionally ?brand=<brand id>).
import { brandPanel, grantBody, PURPOSES } from "./brand.js";
import { el } from "./dom.js";
import { api, currentSession, forgetSession, ProblemError, register, signIn, signOut } from "./session.js";

const main = document.getElementById("main");
const message = document.getElementById("message");
const OPEN_BRANDS = "usual.centre.brands";

function say(text, trouble = false) {
  message.textContent = text;
  message.classList.toggle("trouble", trouble);
  message.hidden = !text;
}

function failed(error) {
  say(error instanceof ProblemError ? error.message : "Something went wrong; try again.", true);
  if (error instanceof ProblemError && error.status === 401) render();
}

function show(screen, ...content) {
  document.body.dataset.screen = screen;
  main.replaceChildren(...content);
}

function openBrands() {
  return JSON.parse(sessionStorage.getItem(OPEN_BRANDS) ?? "[]");
}

function rememberBrand(brandId) {
  sessionStorage.setItem(OPEN_BRANDS, JSON.stringify([...new Set([...openBrands(), brandId])]));
}

function signInScreen() {
  const registerForm = el(
    "form",
    { class: "panel", id: "register" },
    el("h2", {}, "New here"),
    el(
      "label",
      { class: "field" },
      el("span", {}, "Your name"),
      el("input", { name: "displayName", required: true, maxlength: 80 }),
    ),
    el("button", { type: "submit", class: "primary" }, "Create my account"),
  );
  registerForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const registered = await register(registerForm.elements.namedItem("displayName").value.trim());
      keyScreen(registered.customerCredential);
    } catch (error) {
      failed(error);
    }
  });
  const signInForm = el(
    "form",
    { class: "panel", id: "sign-in" },
    el("h2", {}, "I have a sign-in key"),
    el(
      "label",
      { class: "field" },
      el("span", {}, "Sign-in key"),
      el("input", { name: "credential", type: "password", required: true, autocomplete: "current-password" }),
    ),
    el("button", { type: "submit" }, "Sign in"),
  );
  signInForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await signIn(signInForm.elements.namedItem("credential").value.trim());
      await render();
    } catch (error) {
      failed(error);
    }
  });
  show(
    "sign-in",
    el("p", { class: "lede" }, "Decide what each shop may know about you, and change your mind any time."),
    registerForm,
    signInForm,
  );
}

/** The sign-in key is shown once, here, and kept nowhere by this page. */
function keyScreen(credential) {
  const next = el("button", { type: "button", class: "primary" }, "I have kept it safe");
  next.addEventListener("click", () => render());
  show(
    "key",
    el(
      "section",
      { class: "panel" },
      el("h2", {}, "Your sign-in key"),
      el("p", {}, "Keep it somewhere safe: it is shown only now, and you need it to sign in again."),
      el("output", { class: "key", id: "sign-in-key" }, credential),
      next,
    ),
  );
}

async function programmeScreen() {
  const notice = await fetch("/centre/programme-notice.json").then((response) => response.json());
  const join = el("button", { type: "button", class: "primary" }, "Join the programme");
  join.addEventListener("click", async () => {
    try {
      const record = await api("POST", "/v1/me/programme", { noticeVersion: notice.version });
      say(`Joined. Receipt ${record.entryHash.slice(0, 12)}…`);
      await render();
    } catch (error) {
      failed(error);
    }
  });
  show(
    "programme",
    el(
      "section",
      { class: "panel" },
      el("h2", {}, "The usual programme"),
      el("p", { class: "notice" }, notice.text),
      el("p", { class: "muted small" }, `Notice version ${notice.version}`),
      join,
    ),
  );
}

async function offerOf(brandId) {
  const notices = {};
  await Promise.all(
    PURPOSES.map(async ({ purpose }) => {
      notices[purpose] = await api("GET", `/v1/brands/${encodeURIComponent(brandId)}/notices/${purpose}`).catch((error) => {
        if (error instanceof ProblemError && error.status === 404) return undefined;
        throw error;
      });
    }),
  );
  const schema = await api("GET", `/v1/brands/${encodeURIComponent(brandId)}/choices`).catch((error) => {
    if (error instanceof ProblemError && error.status === 404) return undefined;
    throw error;
  });
  return { notices, schema };
}

async function act(brandId, action, purpose, form, noticeVersion) {
  const path = `/v1/me/consents/${encodeURIComponent(brandId)}/${purpose}`;
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  try {
    const record =
      action === "grant"
        ? await api("PUT", path, grantBody(form, purpose, noticeVersion))
        : action === "refuse"
          ? await api("POST", `${path}/refusals`, { noticeVersion })
          : await api("DELETE", path);
    say(`${purpose.replace(/_/g, " ")}: ${record.state} for ${brandId}. Receipt ${record.entryHash.slice(0, 12)}…`);
  } catch (error) {
    failed(error);
  }
  await render();
}

async function download() {
  try {
    const data = await api("GET", "/v1/me/export");
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const link = el("a", { href: url, download: "usual-export.json", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    failed(error);
  }
}

function eraseControls() {
  const dialog = document.getElementById("erase-dialog");
  const erase = el("button", { type: "button", class: "danger" }, "Erase everything");
  erase.addEventListener("click", () => dialog.showModal());
  dialog.onclose = async () => {
    if (dialog.returnValue !== "erase") return;
    try {
      await api("DELETE", "/v1/me");
      await signOut();
      sessionStorage.removeItem(OPEN_BRANDS);
      say("");
      show(
        "erased",
        el(
          "section",
          { class: "panel" },
          el("h2", {}, "Everything is erased"),
          el("p", {}, "No brand holds anything about you any more."),
        ),
      );
    } catch (error) {
      failed(error);
    }
  };
  return erase;
}

async function brandsScreen(consents) {
  const brandIds = [...new Set([...consents.brands.map((brand) => brand.brandId), ...openBrands()])];
  const offers = await Promise.all(brandIds.map(offerOf));
  const panels = brandIds.map((brandId, index) =>
    brandPanel(
      brandId,
      offers[index],
      consents.brands.find((brand) => brand.brandId === brandId),
      (action, purpose, form, version) => act(brandId, action, purpose, form, version),
    ),
  );
  const addForm = el(
    "form",
    { class: "panel add-brand" },
    el(
      "label",
      { class: "field" },
      el("span", {}, "Add a brand"),
      el("input", { name: "brandId", required: true, placeholder: "e.g. northwind-coffee", pattern: "[a-z][a-z0-9\\-]{1,39}" }),
    ),
    el("button", { type: "submit" }, "Show its notices"),
  );
  addForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    rememberBrand(addForm.elements.namedItem("brandId").value.trim());
    await render();
  });
  const exportButton = el("button", { type: "button" }, "Download my data");
  exportButton.addEventListener("click", download);
  const signOutButton = el("button", { type: "button", class: "quiet" }, "Sign out");
  signOutButton.addEventListener("click", async () => {
    await signOut();
    await render();
  });
  show(
    "brands",
    ...panels,
    addForm,
    el(
      "section",
      { class: "panel data" },
      el("h2", {}, "Your data"),
      el("div", { class: "buttons" }, exportButton, eraseControls(), signOutButton),
    ),
  );
}

async function render() {
  if (!currentSession()) return signInScreen();
  try {
    const consents = await api("GET", "/v1/me/consents");
    if (consents.programme?.state !== "given") return await programmeScreen();
    await brandsScreen(consents);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) {
      forgetSession();
      signInScreen();
    }
    failed(error);
  }
}

const wanted = new URLSearchParams(location.search).get("brand");
if (wanted && /^[a-z][a-z0-9-]{1,39}$/.test(wanted)) rememberBrand(wanted);
render().finally(() => {
  document.body.dataset.ready = "true";
});
