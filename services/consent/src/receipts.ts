// Receipts: a compact JWS (EdDSA, Ed25519) per ledger entry, for grants, refusals, withdrawals,
// the programme and erasure alike, so the customer can prove what they decided and when. The
// public key is published as a JWKS (GetReceiptKeys); its "kid" is the RFC 7638 thumbprint.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { calculateJwkThumbprint, exportJWK, type JWK, SignJWT } from "jose";
import { EntryKind } from "#gen/usual/consent/v1/consent_pb.js";
import type { LedgerEntry } from "#gen/usual/consent/v1/events_pb.js";
import { channelName, kindName, purposeName, stateName } from "./domain/ledger-entry.js";

/** The issuer every receipt names. */
export const RECEIPT_ISSUER = "usual-consent";
/** The JWS "typ" of a receipt. */
export const RECEIPT_TYPE = "consent-receipt+jwt";

// PKCS #8 DER prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export type ReceiptSigner = {
  sign(entry: LedgerEntry, sequence: number): Promise<string>;
  /** RFC 7517 JSON Web Key Set of the signing key's public half. */
  readonly jwks: string;
};

export async function receiptSigner(seed: Uint8Array): Promise<ReceiptSigner> {
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(seed)]),
    format: "der",
    type: "pkcs8",
  });
  const publicJwk: JWK = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks = JSON.stringify({ keys: [{ ...publicJwk, kid, alg: "EdDSA", use: "sig" }] });
  return {
    jwks,
    sign(entry, sequence) {
      const recordedAtMs = entry.recordedAt ? timestampMs(entry.recordedAt) : Date.now();
      return new SignJWT({
        entry_hash: entry.hash,
        ledger_sequence: sequence,
        kind: kindName(entry.kind),
        brand_id: entry.brandId,
        purpose: entry.purpose ? purposeName(entry.purpose) : "",
        channel: channelName(entry.channel),
        state: entry.kind === EntryKind.ERASURE ? "erased" : stateName(entry.state),
        notice_version: entry.noticeVersion,
        recorded_at: new Date(recordedAtMs).toISOString(),
      })
        .setProtectedHeader({ alg: "EdDSA", kid, typ: RECEIPT_TYPE })
        .setIssuer(RECEIPT_ISSUER)
        .setSubject(entry.customerId)
        .setIssuedAt(Math.floor(recordedAtMs / 1000))
        .setJti(entry.hash)
        .sign(privateKey);
    },
  };
}
