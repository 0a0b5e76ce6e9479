import { createHash } from "node:crypto";
import type { RedisClient } from "./index.js";

export type RedisScript = { run(keys: string[], args: string[]): Promise<unknown> };

/** A Lua script sent once and then called by its SHA (EVALSHA), reloaded if Redis forgot it. */
export function redisScript(redis: RedisClient, source: string): RedisScript {
  const sha = createHash("sha1").update(source).digest("hex");
  return {
    async run(keys, args) {
      try {
        return await redis.evalSha(sha, { keys, arguments: args });
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return redis.eval(source, { keys, arguments: args });
      }
    },
  };
}
