import assert from "node:assert/strict";
import { ConfigError, commonConfig, configReader } from "#libs/config/src/index.js";

describe("config - parsing the environment", () => {
  it("config - applies defaults when variables are unset", () => {
    const config = commonConfig(configReader({}), "presence", 50053);
    assert.equal(config.grpcPort, 50053);
    assert.equal(config.redisUrl, "redis://127.0.0.1:6379");
    assert.equal(config.logLevel, "info");
  });

  it("config - names the variable that holds a bad port", () => {
    assert.throws(() => commonConfig(configReader({ PRESENCE_GRPC_PORT: "70000" }), "presence", 1), {
      name: "ConfigError",
      message: /PRESENCE_GRPC_PORT must be an integer from 0 to 65535, got "70000"/,
    });
  });

  it("config - rejects a URL with the wrong scheme, naming the variable", () => {
    assert.throws(() => commonConfig(configReader({ NATS_URL: "http://x:4222" }), "consent", 1), /NATS_URL must use nats or tls/);
  });

  it("config - rejects a key of the wrong length without echoing it", () => {
    const error = (() => {
      try {
        configReader({ SECRET: "abcd" }).hexKey("SECRET", 32);
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /SECRET must be 32 bytes as 64 hex digits/);
    assert.doesNotMatch(error.message, /abcd/);
  });

  it("config - reports a missing required variable", () => {
    assert.throws(() => configReader({}).string("IDENTITY_MASTER_KEYS"), /IDENTITY_MASTER_KEYS is required but not set/);
  });
});
