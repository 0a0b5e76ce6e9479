// The customer's session in this tab: the access and refresh tokens live in sessionStorage (gone
// when the tab closes) and travel only in the Authorization header and request bodies, never in a
// URL. An expired access token is renewed once with the refresh token, then the call is retried.

const KEY = "usual.centre.session";

export class ProblemError extends Error {
  constructor(problem) {
    const fields = (problem.errors ?? []).map((error) => `${error.field}: ${error.message}`).join("; ");
    super(fields ? `${problem.detail} (${fields})` : problem.detail);
    this.name = "ProblemError";
    this.status = problem.status;
  }
}

export function currentSession() {
  return JSON.parse(sessionStorage.getItem(KEY) ?? "null");
}

export function saveSession(customerId, tokens) {
  sessionStorage.setItem(KEY, JSON.stringify({ customerId, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
}

export function forgetSession() {
  sessionStorage.removeItem(KEY);
}

async function send(method, path, { bearer, body } = {}) {
  const headers = {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (response.status === 204) return { response, json: undefined };
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { status: response.status, detail: text || response.statusText };
  }
  return { response, json };
}

async function refresh(session) {
  const { response, json } = await send("POST", "/v1/customers/tokens/refresh", {
    body: { refreshToken: session.refreshToken },
  });
  if (!response.ok) {
    forgetSession();
    throw new ProblemError(json);
  }
  saveSession(session.customerId, json);
  return currentSession();
}

/** A call as the signed-in customer; answers the JSON body or throws ProblemError. */
export async function api(method, path, body) {
  let session = currentSession();
  if (!session) throw new ProblemError({ status: 401, detail: "signed out: sign in again" });
  let answer = await send(method, path, { bearer: session.accessToken, body });
  if (answer.response.status === 401 && /expired/.test(answer.json?.detail ?? "")) {
    session = await refresh(session);
    answer = await send(method, path, { bearer: session.accessToken, body });
  }
  if (!answer.response.ok) throw new ProblemError(answer.json);
  return answer.json;
}

export async function register(displayName) {
  const { response, json } = await send("POST", "/v1/customers", { body: { displayName } });
  if (!response.ok) throw new ProblemError(json);
  saveSession(json.customerId, json.tokens);
  return json;
}

export async function signIn(customerCredential) {
  const { response, json } = await send("POST", "/v1/customers/sign-in", { bearer: customerCredential });
  if (!response.ok) throw new ProblemError(json);
  saveSession(json.customerId, json.tokens);
  return json;
}

export async function signOut() {
  const session = currentSession();
  forgetSession();
  if (session) await send("POST", "/v1/customers/tokens/sign-out", { body: { refreshToken: session.refreshToken } });
}
