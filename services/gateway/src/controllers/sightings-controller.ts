import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceError } from "@grpc/grpc-js";
import { Body, Controller, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { assertSameStore } from "../access/store-access.js";
import { storeAccessOf } from "../http/authentication.js";
import { camelPath, type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export interface SightingJson {
  /**
   * The 16-byte rolling ID the wearable broadcast, base64 (either alphabet).
   * @pattern ^[A-Za-z0-9+/_-]{22}(==)?$ must be 16 bytes in base64: 22 characters, or 24 ending in ==
   */
  rollingId: string;
  /**
   * @minLength 1 must not be empty
   * @maxLength 64 must be at most 64 characters
   */
  beaconId: string;
  /** When the beacon heard it (the hub's clock), RFC 3339. */
  observedAt: Date;
  /**
   * Received signal strength, dBm.
   * @isInt must be a whole number of dBm
   * @minimum -127 must be at least -127 dBm
   * @maximum 20 must be at most 20 dBm
   */
  rssi: number;
}

export interface SightingBatchJson {
  /**
   * @minItems 1 must hold at least one sighting
   * @maxItems 1000 must hold at most 1000 sightings
   */
  sightings: SightingJson[];
}

export interface SightingsAccepted {
  /** Sightings taken. Whether any was recognised is not said: a store learns who is here only from presence events. */
  sightingCount: number;
}

/** presence names fields inside the batch ("batch.sightings[0].rolling_id"); the body is the batch. */
const bodyField = (path: string) => camelPath(path.replace(/^batch\./, ""));

@Route("v1/stores")
@Response<Problem>(401, "Missing, malformed or invalid credential", undefined, "application/problem+json")
@Response<Problem>(
  403,
  "A credential or display token of another store, or one this route does not take",
  undefined,
  "application/problem+json",
)
@Response<Problem>(429, "Too many requests with this credential in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("stores")
export class SightingsController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /**
   * Reports one batch of sightings heard by the store's beacons (for hubs that do not keep a gRPC
   * stream open). Authorised by the store's credential, passed on to presence.
   */
  @Post("{storeId}/sightings")
  @Security("store")
  @SuccessResponse(200, "Taken")
  @Response<Problem>(400, "Malformed batch", undefined, "application/problem+json")
  public async reportSightings(
    @Path() storeId: string,
    @Body() body: SightingBatchJson,
    @Request() request: ExpressRequest,
  ): Promise<SightingsAccepted> {
    const access = storeAccessOf(request);
    assertSameStore(access, storeId);
    const sightings = body.sightings.map((sighting) => ({
      rollingId: Buffer.from(sighting.rollingId, "base64"),
      beaconId: sighting.beaconId,
      observedAt: timestampFromDate(sighting.observedAt),
      rssi: sighting.rssi,
    }));
    try {
      const response = await this.deps.presence.reportSightings(
        { batch: { storeId, sightings } },
        { bearer: access.storeCredential },
      );
      return { sightingCount: response.accepted?.sightingCount ?? 0 };
    } catch (error) {
      throw new ServiceCallError(error as ServiceError, bodyField);
    }
  }
}
