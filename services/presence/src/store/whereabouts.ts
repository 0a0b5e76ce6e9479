// The relay defence's record of where presence last recognised a customer
// (`whereabouts:{<customer_id>}`, docs/redis-keys.md), as the customer's rights see it: read for
// an export, deleted on erasure. The sighting resolver writes it.

import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { decodeWhereabouts, type Whereabouts } from "../domain/defences.js";

export class WhereaboutsRecords {
  constructor(private readonly redis: RedisClient) {}

  async of(customerId: string): Promise<Whereabouts | undefined> {
    const text = await this.redis.get(redisKeys.customerWhereabouts(customerId));
    return text === null ? undefined : decodeWhereabouts(text);
  }

  async forget(customerId: string): Promise<void> {
    await this.redis.del(redisKeys.customerWhereabouts(customerId));
  }
}
