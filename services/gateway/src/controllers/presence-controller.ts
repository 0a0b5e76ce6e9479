import {
  Controller,
  Get,
  Header,
  Path,
  Produces,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { UnavailableError } from "#libs/errors/src/index.js";
import { assertSameStore } from "../access/store-access.js";
import { storeAccessOf } from "../http/authentication.js";
import { HttpProblemError, type Problem } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";
import { type PresentCustomer, presentCustomerJson } from "../live/presence-json.js";
import { presentNow } from "../live/presence-snapshot.js";
import { openSseStream } from "../live/sse.js";
import { type StartingPoint, startingPoint, streamStorePresence } from "../live/store-live.js";

export interface PresenceNow {
  storeId: string;
  present: PresentCustomer[];
}

function parseLastEventId(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  if (!/^\d{1,15}$/.test(text)) {
    throw new HttpProblemError(400, "Last-Event-ID must be the id of an event this stream sent (a whole number)", {}, [
      { field: "Last-Event-ID", message: "must be a whole number" },
    ]);
  }
  return Number(text);
}

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
export class PresenceController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /**
   * Who is present at the store now, with each customer's counter card. Taken from presence's
   * snapshot, which has no end marker: the answer is what presence sent before a short quiet moment.
   */
  @Get("{storeId}/presence")
  @Security("store", ["display"])
  public async presenceNow(@Path() storeId: string, @Request() request: ExpressRequest): Promise<PresenceNow> {
    const access = storeAccessOf(request);
    assertSameStore(access, storeId);
    const events = await presentNow(this.deps.presence, storeId, access.storeCredential, this.deps.config.snapshotQuietMs);
    return { storeId, present: events.map(presentCustomerJson) };
  }

  /**
   * Server-sent events for the store: `ready` (id = where the view starts), `present` (already
   * here), `arrived` and `left` (id = the event's sequence), `reset` (events since Last-Event-ID
   * are gone: drop every card; a snapshot follows). Reconnect with `Last-Event-ID` to resume
   * without losing or repeating an event. Authorised by the store credential or a display token,
   * in the Authorization header (never in the URL).
   */
  @Get("{storeId}/presence/events")
  @Security("store", ["display"])
  @Produces("text/event-stream")
  @SuccessResponse(200, "An event stream (text/event-stream) that lasts until the client leaves")
  @Response<Problem>(400, "Malformed Last-Event-ID", undefined, "application/problem+json")
  public async presenceEvents(
    @Path() storeId: string,
    @Request() request: ExpressRequest,
    @Header("Last-Event-ID") lastEventId?: string,
  ): Promise<void> {
    const access = storeAccessOf(request);
    assertSameStore(access, storeId);
    const response = request.res;
    if (!response) throw new Error("express gave no response object");
    let start: StartingPoint;
    try {
      start = await startingPoint(this.deps.presenceFeed, parseLastEventId(lastEventId));
    } catch (error) {
      if (error instanceof HttpProblemError) throw error;
      throw new UnavailableError("the presence event stream could not be read", { cause: error });
    }
    const stream = openSseStream(response);
    const deps = { presence: this.deps.presence, feed: this.deps.presenceFeed, logger: this.deps.logger };
    await streamStorePresence(deps, access, start, stream);
  }
}
