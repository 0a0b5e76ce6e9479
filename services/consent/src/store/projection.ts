// The consent projection in Redis: what the presence resolver reads on every sighting
// (docs/redis-keys.md). One hash per (customer, brand) with a field per purpose ("1" = given),
// the ledger sequence that set it, the brand's pseudonym and the shared card; per customer the
// brands with live recognition, the brands with any consent, and the programme opt-in. Updates
// apply only when newer than what the hash holds, so replays and racing writers converge.
import { RESP_TYPES } from "redis";
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";

// KEYS: brand hash, #recognition, #brands. ARGV: field, "1"|"0", sequence, pseudonym, brand, card part.
// The card is the concatenation of the parts of the given purposes: two encoded SharedCard
// messages concatenated are one SharedCard with the fields of both (protobuf merge).
const APPLY_BRAND_SCRIPT = `
local sequenceField = ARGV[1] .. ':seq'
local applied = tonumber(redis.call('HGET', KEYS[1], sequenceField) or '0')
if applied < tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], sequenceField, ARGV[3])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'pseudonym', ARGV[4]) end
  if ARGV[1] == 'greet_by_name' or ARGV[1] == 'preferences' then
    local part = ARGV[1] .. ':card'
    if ARGV[2] == '1' and ARGV[6] ~= '' then redis.call('HSET', KEYS[1], part, ARGV[6]) else redis.call('HDEL', KEYS[1], part) end
    local f = redis.call('HMGET', KEYS[1], 'greet_by_name', 'greet_by_name:card', 'preferences', 'preferences:card')
    local card = ''
    if f[1] == '1' and f[2] then card = card .. f[2] end
    if f[3] == '1' and f[4] then card = card .. f[4] end
    if card == '' then redis.call('HDEL', KEYS[1], 'card') else redis.call('HSET', KEYS[1], 'card', card) end
  end
  if ARGV[1] == 'recognition' then
    if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[5]) else redis.call('SREM', KEYS[2], ARGV[5]) end
  end
  redis.call('SADD', KEYS[3], ARGV[5])
end
return redis.call('SCARD', KEYS[2])
`;

// KEYS: #customer, #recognition. ARGV: sequence, "1"|"0".
const APPLY_PROGRAMME_SCRIPT = `
local applied = tonumber(redis.call('HGET', KEYS[1], 'programme:seq') or '0')
if applied < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'programme', ARGV[2], 'programme:seq', ARGV[1]) end
return redis.call('SCARD', KEYS[2])
`;

// KEYS: #customer. ARGV: sequence. Moves "settled" forward only.
const SETTLE_SCRIPT = `
local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
if settled < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], 'settled', ARGV[1]) end
`;

export type BrandChange = {
  readonly customerId: string;
  readonly brandId: string;
  readonly field: string;
  readonly given: boolean;
  readonly sequence: number;
  readonly pseudonym: string;
  /** Encoded SharedCard part for greet_by_name or preferences; empty otherwise. */
  readonly cardPart: Uint8Array;
};

export class ConsentProjection {
  constructor(private readonly redis: RedisClient) {}

  /** Applies one brand-scoped entry; returns whether any recognition consent is still live. */
  async applyBrand(change: BrandChange): Promise<boolean> {
    const live = await this.redis.eval(APPLY_BRAND_SCRIPT, {
      keys: [
        redisKeys.consentProjection(change.customerId, change.brandId),
        redisKeys.consentRecognitionBrands(change.customerId),
        redisKeys.consentBrands(change.customerId),
      ],
      arguments: [
        change.field,
        change.given ? "1" : "0",
        String(change.sequence),
        change.pseudonym,
        change.brandId,
        Buffer.from(change.cardPart),
      ],
    });
    if (change.pseudonym !== "")
      await this.redis.set(redisKeys.consentPseudonym(change.brandId, change.pseudonym), change.customerId);
    return Number(live) > 0;
  }

  async applyProgramme(customerId: string, given: boolean, sequence: number): Promise<boolean> {
    const live = await this.redis.eval(APPLY_PROGRAMME_SCRIPT, {
      keys: [redisKeys.consentCustomer(customerId), redisKeys.consentRecognitionBrands(customerId)],
      arguments: [String(sequence), given ? "1" : "0"],
    });
    return Number(live) > 0;
  }

  /** The programme opt-in as projected: undefined when the projection does not know it. */
  async programmeGiven(customerId: string): Promise<boolean | undefined> {
    const value = await this.redis.hGet(redisKeys.consentCustomer(customerId), "programme");
    return value === null || value === undefined ? undefined : value === "1";
  }

  /** The ledger sequence up to which this customer's entries are applied and announced. */
  async settled(customerId: string): Promise<number> {
    return Number((await this.redis.hGet(redisKeys.consentCustomer(customerId), "settled")) ?? 0);
  }

  async settle(customerId: string, sequence: number): Promise<void> {
    await this.redis.eval(SETTLE_SCRIPT, { keys: [redisKeys.consentCustomer(customerId)], arguments: [String(sequence)] });
  }

  /** What a brand's counter card holds for a customer (binary SharedCard), if anything. */
  async card(customerId: string, brandId: string): Promise<Buffer | undefined> {
    const binary = this.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const card = await binary.hGet(redisKeys.consentProjection(customerId, brandId), "card");
    return card ?? undefined;
  }

  async customerOfPseudonym(brandId: string, pseudonym: string): Promise<string | undefined> {
    return (await this.redis.get(redisKeys.consentPseudonym(brandId, pseudonym))) ?? undefined;
  }

  /**
   * Removes everything the projection holds about a customer, and the suggestions
   * recommendations precomputed for them: erasure. Idempotent. `keepSettled` marks how far
   * the ledger was applied, so the erasure is not replayed on the next call.
   */
  async clearCustomer(customerId: string, settledSequence: number): Promise<void> {
    const brands = await this.redis.sMembers(redisKeys.consentBrands(customerId));
    for (const brandId of brands) {
      const pseudonym = await this.redis.hGet(redisKeys.consentProjection(customerId, brandId), "pseudonym");
      if (pseudonym) await this.redis.del(redisKeys.consentPseudonym(brandId, pseudonym));
      await this.redis.del([redisKeys.consentProjection(customerId, brandId), redisKeys.suggestions(customerId, brandId)]);
    }
    await this.redis.del([
      redisKeys.consentBrands(customerId),
      redisKeys.consentRecognitionBrands(customerId),
      redisKeys.consentCustomer(customerId),
    ]);
    await this.settle(customerId, settledSequence);
  }

  async hasWatermark(): Promise<boolean> {
    return (await this.redis.exists(redisKeys.consentProjectionWatermark())) > 0;
  }

  async setWatermark(sequence: number): Promise<void> {
    await this.redis.set(redisKeys.consentProjectionWatermark(), String(sequence));
  }
}
