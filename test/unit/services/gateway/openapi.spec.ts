import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";

const SPEC = new URL("../../../../services/gateway/src/generated/openapi.json", import.meta.url);

describe("gateway - OpenAPI document", () => {
  it("gateway - validates against the OpenAPI 3.0 schema, every reference resolving", async () => {
    const spec = JSON.parse(await readFile(SPEC, "utf8"));
    const api = await SwaggerParser.validate(spec);
    assert.match((api as { openapi?: string }).openapi ?? "", /^3\.0\./);
  });

  it("gateway - describes every refusal as problem+json and the live stream as an event stream", async () => {
    const spec = JSON.parse(await readFile(SPEC, "utf8"));
    for (const [path, operations] of Object.entries<Record<string, { responses: Record<string, { content?: object }> }>>(
      spec.paths,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) {
            assert.deepEqual(Object.keys(response.content ?? {}), ["application/problem+json"], `${method} ${path} ${status}`);
          }
        }
      }
    }
    const events = spec.paths["/v1/stores/{storeId}/presence/events"].get.responses["200"];
    assert.deepEqual(Object.keys(events.content), ["text/event-stream"]);
  });
});
