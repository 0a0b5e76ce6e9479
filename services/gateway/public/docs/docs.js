// Lists the operations of the gateway's OpenAPI document: no third-party code, no network but the gateway.

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function schemaText(schema, spec, depth = 0) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    return depth > 2 ? name : schemaText(spec.components.schemas[name], spec, depth + 1);
  }
  return JSON.stringify(schema, (key, value) => (key === "$ref" ? value.split("/").pop() : value), 2);
}

function operationSection(path, method, operation, spec) {
  const section = element("section", { class: "operation", id: operation.operationId ?? `${method}-${path}` });
  section.append(
    element("h2", {}, element("span", { class: `method ${method}` }, method.toUpperCase()), element("code", {}, path)),
  );
  if (operation.description) section.append(element("p", { class: "description" }, operation.description));
  const security = (operation.security ?? []).flatMap((entry) =>
    Object.entries(entry).map(([name, scopes]) => `${name}${scopes.length ? ` (${scopes.join(", ")})` : ""}`),
  );
  if (security.length) section.append(element("p", {}, `Authorization: Bearer — ${security.join(" or ")}`));
  if (operation.parameters?.length) {
    const table = element(
      "table",
      {},
      element("tr", {}, element("th", {}, "parameter"), element("th", {}, "in"), element("th", {}, "required")),
    );
    for (const parameter of operation.parameters) {
      table.append(
        element(
          "tr",
          {},
          element("td", {}, element("code", {}, parameter.name)),
          element("td", {}, parameter.in),
          element("td", {}, parameter.required ? "yes" : "no"),
        ),
      );
    }
    section.append(table);
  }
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  if (body) section.append(element("h3", {}, "Request body (application/json)"), element("pre", {}, schemaText(body, spec)));
  const responses = element(
    "table",
    {},
    element("tr", {}, element("th", {}, "status"), element("th", {}, "meaning"), element("th", {}, "media type")),
  );
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    responses.append(
      element(
        "tr",
        {},
        element("td", {}, status),
        element("td", {}, response.description ?? ""),
        element("td", {}, Object.keys(response.content ?? {}).join(", ")),
      ),
    );
  }
  section.append(element("h3", {}, "Responses"), responses);
  return section;
}

async function main() {
  const spec = await (await fetch("/openapi.json")).json();
  document.title = `${spec.info.title} ${spec.info.version} — API`;
  const summary = document.getElementById("summary");
  summary.textContent = `${spec.info.description ?? ""} OpenAPI ${spec.openapi}: `;
  summary.append(element("a", { href: "/openapi.json" }, "/openapi.json"));
  const main = document.getElementById("operations");
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) main.append(operationSection(path, method, operation, spec));
  }
}

main().catch((error) => {
  document.getElementById("summary").textContent = `Could not read /openapi.json: ${error}`;
});
