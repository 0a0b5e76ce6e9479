// Fixed-window attempt counters in Redis (ratelimit:{<action>:<subject>}, docs/redis-keys.md):
// the first attempt of a window starts its expiry, so every counter goes with its window.
import { ResourceExhaustedError } from "#libs/errors/src/index.js";
import { type RedisClient, type RedisScript, redisKeys, redisScript } from "#libs/redis/src/index.js";
import type { RateLimit } from "../config.js";

// INCR, then PEXPIRE on the window's first hit (or if an expiry was lost); returns count and ms left.
const COUNT_ATTEMPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export type RateLimitedAction = "sign-in" | "refresh" | "pair";

const WHAT: Record<RateLimitedAction, string> = {
  "sign-in": "sign-in attempts for this credential",
  refresh: "token refreshes for this session",
  pair: "pairings for this customer",
};

export class RateLimiter {
  private readonly script: RedisScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly limits: Readonly<Record<RateLimitedAction, RateLimit>>,
  ) {
    this.script = redisScript(redis, COUNT_ATTEMPT);
  }

  /** Counts one attempt; throws ResourceExhaustedError (with when to retry) once over the limit. */
  async attempt(action: RateLimitedAction, subject: string): Promise<void> {
    const { limit, windowSeconds } = this.limits[action];
    const [count, ttlMs] = (await this.script.run([redisKeys.rateLimit(action, subject)], [String(windowSeconds * 1000)])) as [
      number,
      number,
    ];
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(ttlMs / 1000));
      throw new ResourceExhaustedError(
        `too many ${WHAT[action]}: at most ${limit} per ${windowSeconds} s; retry in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
  }

  /** Forgets a subject's counter (an erased customer). */
  async forget(action: RateLimitedAction, subject: string): Promise<void> {
    await this.redis.del(redisKeys.rateLimit(action, subject));
  }
}
