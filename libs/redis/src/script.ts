import { createHash } from "node:crypto";
import type { RedisClient } from "./index.js";

export type RedisScript = { run(keys: string[], args: string[]): Promise<unknown> };

/**
 * A Lua script called by its SHA (EVALSHA), sent whole (EVAL) when Redis does not know it, over
 * whichever connection `send` uses: the first argument is the SHA or the source.
 */
export function scriptCaller<K, A, R>(
  source: string,
  send: (command: "EVALSHA" | "EVAL", shaOrSource: string, keys: K, args: A) => Promise<R>,
): (keys: K, args: A) => Promise<R> {
  const sha = createHash("sha1").update(source).digest("hex");
  return async (keys, args) => {
    try {
      return await send("EVALSHA", sha, keys, args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return send("EVAL", source, keys, args);
    }
  };
}

/** A Lua script over node-redis (scriptCaller). */
export function redisScript(redis: RedisClient, source: string): RedisScript {
  const run = scriptCaller<string[], string[], unknown>(source, (command, shaOrSource, keys, args) =>
    command === "EVALSHA"
      ? redis.evalSha(shaOrSource, { keys, arguments: args })
      : redis.eval(shaOrSource, { keys, arguments: args }),
  );
  return { run };
}
