// Consent as a customer gives it: the brand publishes its notice, the customer joins the
// programme and grants the purpose naming the notice version they were shown.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import { type ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import type { createServiceClient } from "#libs/grpc/src/index.js";

export type ConsentClient = ReturnType<typeof createServiceClient<typeof ConsentService>>;

/** Publishes version 1 of the brand's notice for a purpose; publishing it again is fine. */
export async function publishNotice(
  consent: ConsentClient,
  brand: { brandId: string; brandCredential: string },
  purpose: Purpose,
) {
  await consent
    .publishNotice(
      { brandId: brand.brandId, purpose, version: 1, text: `How ${brand.brandId} uses ${Purpose[purpose]}` },
      { bearer: brand.brandCredential },
    )
    .catch((error: { code?: number }) => {
      if (error.code !== status.ALREADY_EXISTS) throw error;
    });
}

/** Joins the programme and grants recognition for the brand (notice version 1). */
export async function grantRecognition(
  consent: ConsentClient,
  brand: { brandId: string; brandCredential: string },
  customer: { credential: string },
) {
  await publishNotice(consent, brand, Purpose.RECOGNITION);
  await consent.joinProgramme({ noticeVersion: 1 }, { bearer: customer.credential });
  return consent.grantConsent(
    { brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 },
    { bearer: customer.credential },
  );
}

/** Asserts a call fails with the gRPC code and a message matching the pattern. */
export async function rejectsWith(call: Promise<unknown>, code: status, message: RegExp) {
  await assert.rejects(call, (error: ServiceError) => {
    assert.equal(error.code, code, `expected ${status[code]}, got ${status[error.code]}: ${error.details}`);
    assert.match(error.details, message);
    return true;
  });
}
