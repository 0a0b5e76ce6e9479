// Rate limits per credential, shared by every gateway replica through Redis: a fixed window of one
// minute per caller (the SHA-256 of its bearer, or its address when it sends none). When Redis
// does not answer within a quarter second the request goes through: limits protect the services,
// they must not take the gateway down with Redis.
import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { HttpProblemError } from "./problem.js";

const WINDOW_MS = 60_000;
const REDIS_DEADLINE_MS = 250;

function callerOf(request: Request): string {
  const header = request.headers.authorization;
  const source = header ? `bearer:${header.replace(/^Bearer +/i, "")}` : `address:${request.socket.remoteAddress ?? "unknown"}`;
  return createHash("sha256").update(source).digest("base64url").slice(0, 22);
}

async function countRequest(redis: RedisClient, key: string): Promise<number | undefined> {
  const counting = redis
    .multi()
    .incr(key)
    .pExpire(key, 2 * WINDOW_MS, "NX")
    .exec()
    .then((replies) => Number(replies[0]));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), REDIS_DEADLINE_MS);
  });
  try {
    return await Promise.race([counting, deadline]);
  } finally {
    clearTimeout(timer);
    counting.catch(() => {});
  }
}

export function rateLimitPerCredential(redis: RedisClient, limitPerMinute: number, logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const now = Date.now();
    const minute = Math.floor(now / WINDOW_MS);
    const resetSeconds = Math.ceil(((minute + 1) * WINDOW_MS - now) / 1000);
    countRequest(redis, redisKeys.gatewayRateLimit(callerOf(request), minute)).then(
      (count) => {
        if (count === undefined) {
          logger.warn("rate limit not counted: Redis did not answer in time");
          return next();
        }
        response.setHeader("ratelimit-limit", String(limitPerMinute));
        response.setHeader("ratelimit-remaining", String(Math.max(0, limitPerMinute - count)));
        response.setHeader("ratelimit-reset", String(resetSeconds));
        if (count <= limitPerMinute) {
          next();
          return;
        }
        next(
          new HttpProblemError(
            429,
            `more than ${limitPerMinute} requests in a minute with this credential; retry in ${resetSeconds} s`,
            {
              "retry-after": String(resetSeconds),
            },
          ),
        );
      },
      (error: unknown) => {
        logger.warn({ err: error }, "rate limit not counted");
        next();
      },
    );
  };
}
