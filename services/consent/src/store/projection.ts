// The consent projection in Redis: what the presence resolver reads on every sighting
// (docs/redis-keys.md). One hash per (customer, brand) with a field per purpose ("1" = given),
// the ledger sequence that set it, and the brand's pseudonym for the customer. Updates are
// applied only when newer than what the hash holds, so replays and racing writers converge.

import type { LedgerEntry } from "#gen/usual/consent/v1/events_pb.js";
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { isGiven, purposeField } from "../domain/ledger-entry.js";
import type { ConsentLedger } from "./ledger.js";

// KEYS: projection hash, recognition-brands set. ARGV: purpose, "1"|"0", sequence, pseudonym, brand.
// Returns how many brands the customer still has a live recognition consent for.
const APPLY_SCRIPT = `
local sequenceField = ARGV[1] .. ':seq'
local applied = tonumber(redis.call('HGET', KEYS[1], sequenceField) or '0')
if applied < tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], sequenceField, ARGV[3], 'pseudonym', ARGV[4])
  if ARGV[1] == 'recognition' then
    if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[5]) else redis.call('SREM', KEYS[2], ARGV[5]) end
  end
end
return redis.call('SCARD', KEYS[2])
`;

export class ConsentProjection {
  constructor(private readonly redis: RedisClient) {}

  /** Applies one ledger entry; returns whether any recognition consent is still live. */
  async apply(entry: LedgerEntry, sequence: number): Promise<boolean> {
    const liveBrands = await this.redis.eval(APPLY_SCRIPT, {
      keys: [redisKeys.consentProjection(entry.customerId, entry.brandId), redisKeys.consentRecognitionBrands(entry.customerId)],
      arguments: [
        purposeField(entry.purpose),
        isGiven(entry.state) ? "1" : "0",
        String(sequence),
        entry.brandPseudonym,
        entry.brandId,
      ],
    });
    return Number(liveBrands) > 0;
  }

  /**
   * Rebuilds from the ledger when Redis has lost the projection (its watermark is missing):
   * after a Redis restart without persistence, or on a fresh Redis.
   */
  async rebuildIfMissing(ledger: ConsentLedger): Promise<number | undefined> {
    if (await this.redis.exists(redisKeys.consentProjectionWatermark())) return undefined;
    let applied = 0;
    let lastSequence = 0;
    for await (const { entry, sequence } of ledger.replay()) {
      await this.apply(entry, sequence);
      applied++;
      lastSequence = sequence;
    }
    await this.redis.set(redisKeys.consentProjectionWatermark(), String(lastSequence));
    return applied;
  }
}
