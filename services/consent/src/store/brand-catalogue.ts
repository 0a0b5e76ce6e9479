// What brands publish for their customers: versioned notices per purpose and the schema of
// choices, in file-backed JetStream KV buckets (docs/nats-subjects.md). A published notice
// version never changes; a brand's choices are replaced whole.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Timestamp, timestampFromDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { jetstream } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  type ChoiceSchema,
  ChoiceSchemaSchema,
  type Notice,
  NoticeSchema,
  type Purpose,
} from "#gen/usual/consent/v1/consent_pb.js";
import { AlreadyExistsError } from "#libs/errors/src/index.js";
import { kvBuckets } from "#libs/nats/src/index.js";
import { purposeName } from "../domain/ledger-entry.js";

type StoredNotice = { readonly text: string; readonly publishedAt: string };

const noticeKey = (brandId: string, purpose: Purpose, version: number) => `${brandId}.${purposeName(purpose)}.${version}`;

export class BrandCatalogue {
  private constructor(
    private readonly notices: KV,
    private readonly choices: KV,
  ) {}

  static async open(nc: NatsConnection): Promise<BrandCatalogue> {
    const kvm = new Kvm(jetstream(nc));
    const bucket = (name: string) => kvm.create(name, { storage: "file", history: 1 } as never);
    return new BrandCatalogue(await bucket(kvBuckets.consentNotices), await bucket(kvBuckets.consentBrandChoices));
  }

  async publishNotice(brandId: string, purpose: Purpose, version: number, text: string): Promise<Notice> {
    const publishedAt = new Date();
    const stored: StoredNotice = { text, publishedAt: publishedAt.toISOString() };
    try {
      await this.notices.create(noticeKey(brandId, purpose, version), JSON.stringify(stored));
    } catch (error) {
      throw new AlreadyExistsError(`version ${version} of the ${purposeName(purpose)} notice is already published`, {
        cause: error,
      });
    }
    return create(NoticeSchema, { brandId, purpose, version, text, publishedAt: timestampFromDate(publishedAt) });
  }

  async notice(brandId: string, purpose: Purpose, version: number): Promise<Notice | undefined> {
    const entry = await this.notices.get(noticeKey(brandId, purpose, version));
    if (entry?.operation !== "PUT") return undefined;
    const stored = entry.json<StoredNotice>();
    const publishedAt: Timestamp = timestampFromMs(Date.parse(stored.publishedAt));
    return create(NoticeSchema, { brandId, purpose, version, text: stored.text, publishedAt });
  }

  /** The versions a brand has published for a purpose, ascending (for error messages). */
  async noticeVersions(brandId: string, purpose: Purpose): Promise<number[]> {
    const versions: number[] = [];
    for await (const key of await this.notices.keys(`${brandId}.${purposeName(purpose)}.*`))
      versions.push(Number(key.split(".").at(-1)));
    return versions.sort((a, b) => a - b);
  }

  async defineChoices(schema: ChoiceSchema): Promise<void> {
    await this.choices.put(schema.brandId, toBinary(ChoiceSchemaSchema, schema));
  }

  async choicesOf(brandId: string): Promise<ChoiceSchema | undefined> {
    const entry = await this.choices.get(brandId);
    if (entry?.operation !== "PUT") return undefined;
    return fromBinary(ChoiceSchemaSchema, entry.value);
  }
}
