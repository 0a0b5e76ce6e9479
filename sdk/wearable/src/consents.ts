// The customer's consents, managed from the app through the consent service with the session's
// access token: one call to give, one to withdraw.
import { ConsentService, type Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import type { CustomerSession } from "./session.js";

export class Consents {
  private readonly consent;

  constructor(
    consentAddress: string,
    private readonly session: CustomerSession,
  ) {
    this.consent = createServiceClient(ConsentService, consentAddress);
  }

  async grant(brandId: string, purpose: Purpose): Promise<void> {
    await this.consent.grantConsent({ brandId, purpose }, { bearer: await this.session.accessToken() });
  }

  async revoke(brandId: string, purpose: Purpose): Promise<void> {
    await this.consent.revokeConsent({ brandId, purpose }, { bearer: await this.session.accessToken() });
  }

  close(): void {
    this.consent.close();
  }
}
