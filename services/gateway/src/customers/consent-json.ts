// Consent as the REST API shows it: purposes, channels and states as lowercase words, records
// with their receipts, and what each brand sees.

import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
  type BrandConsents,
  Channel,
  type ConsentRecord,
  ConsentState,
  type ConsentStatus,
  EntryKind,
  type ListConsentsResponse,
  Purpose,
} from "#gen/usual/consent/v1/consent_pb.js";
import type { DontAskJson, SharedChoiceJson } from "../live/presence-json.js";

export type PurposeJson = "recognition" | "greet_by_name" | "preferences" | "recommendations" | "notifications" | "insights";
export type ChannelJson = "push" | "email" | "sms";
export type ConsentStateJson = "given" | "withdrawn" | "refused";

export const PURPOSES: Readonly<Record<PurposeJson, Purpose>> = {
  recognition: Purpose.RECOGNITION,
  greet_by_name: Purpose.GREET_BY_NAME,
  preferences: Purpose.PREFERENCES,
  recommendations: Purpose.RECOMMENDATIONS,
  notifications: Purpose.NOTIFICATIONS,
  insights: Purpose.INSIGHTS,
};
export const CHANNELS: Readonly<Record<ChannelJson, Channel>> = { push: Channel.PUSH, email: Channel.EMAIL, sms: Channel.SMS };

const nameOf = <T extends string>(table: Readonly<Record<T, number>>, value: number): T | undefined =>
  (Object.entries(table) as [T, number][]).find(([, number]) => number === value)?.[0];

const STATES: Readonly<Record<ConsentStateJson, ConsentState>> = {
  given: ConsentState.GIVEN,
  withdrawn: ConsentState.WITHDRAWN,
  refused: ConsentState.REFUSED,
};
const KINDS = { programme: EntryKind.PROGRAMME, brand: EntryKind.BRAND, erasure: EntryKind.ERASURE } as const;

const isoOf = (timestamp: Timestamp | undefined) => (timestamp ? timestampDate(timestamp) : new Date(0)).toISOString();

/** What the ledger recorded for one change, with the receipt the customer keeps. */
export interface ConsentRecordJson {
  kind: "programme" | "brand" | "erasure";
  /** Absent for the programme and for an erasure. */
  brandId?: string;
  purpose?: PurposeJson;
  channel?: ChannelJson;
  /** Absent for an erasure. */
  state?: ConsentStateJson;
  noticeVersion: number;
  recordedAt: string;
  /** SHA-256 of the ledger entry, hex. */
  entryHash: string;
  ledgerSequence: number;
  /** Compact JWS (EdDSA) over the entry's facts; verify with GET /v1/receipt-keys. */
  receipt: string;
}

export function recordJson(record: ConsentRecord | undefined): ConsentRecordJson {
  if (!record) throw new Error("consent answered without a record");
  const json: ConsentRecordJson = {
    kind: nameOf(KINDS, record.kind) ?? "brand",
    noticeVersion: record.noticeVersion,
    recordedAt: isoOf(record.recordedAt),
    entryHash: record.entryHash,
    ledgerSequence: Number(record.ledgerSequence),
    receipt: record.receipt,
  };
  const purpose = nameOf(PURPOSES, record.purpose);
  const channel = nameOf(CHANNELS, record.channel);
  const state = nameOf(STATES, record.state);
  if (record.brandId) json.brandId = record.brandId;
  if (purpose) json.purpose = purpose;
  if (channel) json.channel = channel;
  if (state) json.state = state;
  return json;
}

/** The last decision for one scope. */
export interface ConsentStatusJson {
  /** Absent for the programme. */
  purpose?: PurposeJson;
  channel?: ChannelJson;
  state: ConsentStateJson;
  noticeVersion: number;
  recordedAt: string;
  entryHash: string;
}

function statusJson(status: ConsentStatus): ConsentStatusJson {
  const json: ConsentStatusJson = {
    state: nameOf(STATES, status.state) ?? "withdrawn",
    noticeVersion: status.noticeVersion,
    recordedAt: isoOf(status.recordedAt),
    entryHash: status.entryHash,
  };
  const purpose = nameOf(PURPOSES, status.purpose);
  const channel = nameOf(CHANNELS, status.channel);
  if (purpose) json.purpose = purpose;
  if (channel) json.channel = channel;
  return json;
}

/** Exactly what the brand's counter card shows of the customer: each part only while its purpose is given. */
export interface SharedCardJson {
  /** Present only while greet_by_name is given. */
  greetingName?: string;
  choices: SharedChoiceJson[];
  dontAsk: DontAskJson[];
}

export interface BrandConsentsJson {
  brandId: string;
  /** The only identifier the brand ever sees for the customer. */
  pseudonym: string;
  purposes: ConsentStatusJson[];
  /**
   * Whether the brand's stores recognise the customer: recognition given and a pseudonym held
   * (after an erasure the ledger still lists the last decisions, but no brand holds anything).
   */
  recognised: boolean;
  card: SharedCardJson;
}

export interface ConsentsJson {
  /** The programme's last decision; absent if the customer never decided. */
  programme?: ConsentStatusJson;
  brands: BrandConsentsJson[];
}

function brandJson(brand: BrandConsents): BrandConsentsJson {
  const purposes = brand.purposes.map(statusJson);
  const card: SharedCardJson = {
    choices: (brand.card?.choices ?? []).map(({ choiceId, label, answer }) => ({ choiceId, label, answer })),
    dontAsk: (brand.card?.dontAsk ?? []).map(({ itemId, label }) => ({ itemId, label })),
  };
  if (brand.card?.greetingName) card.greetingName = brand.card.greetingName;
  return {
    brandId: brand.brandId,
    pseudonym: brand.pseudonym,
    purposes,
    recognised: brand.pseudonym !== "" && purposes.some((status) => status.purpose === "recognition" && status.state === "given"),
    card,
  };
}

export function consentsJson(response: ListConsentsResponse): ConsentsJson {
  const json: ConsentsJson = { brands: response.brands.map(brandJson) };
  if (response.programme) json.programme = statusJson(response.programme);
  return json;
}
