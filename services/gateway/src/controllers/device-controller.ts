import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ServiceError } from "@grpc/grpc-js";
import {
  Body,
  Controller,
  Delete,
  Get,
  Path,
  Post,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { DeviceKind } from "#gen/usual/identity/v1/identity_pb.js";
import { customerAccessOf } from "../http/authentication.js";
import { type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export type DeviceKindJson = "watch" | "band" | "phone";

const KINDS: Readonly<Record<DeviceKindJson, DeviceKind>> = {
  watch: DeviceKind.WATCH,
  band: DeviceKind.BAND,
  phone: DeviceKind.PHONE,
};

export interface DeviceJson {
  deviceId: string;
  kind: DeviceKindJson;
  model: string;
  label: string;
  pairedAt: Date;
}

export interface DevicesJson {
  devices: DeviceJson[];
}

export interface PairDeviceJson {
  kind: DeviceKindJson;
  /** @maxLength 80 must be at most 80 characters */
  model?: string;
  /** What the customer calls it, e.g. "left wrist". @maxLength 80 must be at most 80 characters */
  label?: string;
}

export interface DailyKeyJson {
  /** floor(unix_seconds / 86400) */
  day: number;
  /** DK_d, 16 bytes, base64. */
  key: string;
}

export interface PairedDevice {
  deviceId: string;
  /** For the device itself (key refresh); shown once. */
  deviceCredential: string;
  keyBundle: { keyVersion: number; dailyKeys: DailyKeyJson[] };
}

const failed = (error: unknown) => new ServiceCallError(error as ServiceError);
const kindName = (kind: DeviceKind) =>
  (Object.entries(KINDS) as [DeviceKindJson, DeviceKind][]).find(([, value]) => value === kind)?.[0] ?? "watch";

@Route("v1/me/devices")
@Security("customer")
@Response<Problem>(401, "Missing, expired or invalid access token", undefined, "application/problem+json")
@Response<Problem>(403, "Not a customer's access token", undefined, "application/problem+json")
@Response<Problem>(429, "Too many requests with this token in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("customers")
export class DeviceController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /** The customer's paired wearables. */
  @Get()
  public async listDevices(@Request() request: ExpressRequest): Promise<DevicesJson> {
    const { accessToken } = customerAccessOf(request);
    const listed = await this.deps.identity.listDevices({}, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    return {
      devices: listed.devices.map((device) => ({
        deviceId: device.deviceId,
        kind: kindName(device.kind),
        model: device.model,
        label: device.label,
        pairedAt: device.pairedAt ? timestampDate(device.pairedAt) : new Date(0),
      })),
    };
  }

  /** Pairs a wearable: its credential and the daily keys it computes its rolling IDs from. */
  @Post()
  @SuccessResponse(201, "Paired")
  @Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
  public async pairDevice(@Body() body: PairDeviceJson, @Request() request: ExpressRequest): Promise<PairedDevice> {
    const { accessToken } = customerAccessOf(request);
    const paired = await this.deps.identity
      .pairDevice({ kind: KINDS[body.kind], model: body.model ?? "", label: body.label ?? "" }, { bearer: accessToken })
      .catch((error) => {
        throw failed(error);
      });
    this.setStatus(201);
    return {
      deviceId: paired.deviceId,
      deviceCredential: paired.deviceCredential,
      keyBundle: {
        keyVersion: paired.keyBundle?.keyVersion ?? 0,
        dailyKeys: (paired.keyBundle?.dailyKeys ?? []).map(({ day, key }) => ({ day, key: Buffer.from(key).toString("base64") })),
      },
    };
  }

  /** Unpairs a device (a lost watch): its rolling IDs stop being recognised before this answers. */
  @Delete("{deviceId}")
  @SuccessResponse(204, "Unpaired")
  @Response<Problem>(404, "No such device of this customer", undefined, "application/problem+json")
  public async unpairDevice(@Path() deviceId: string, @Request() request: ExpressRequest): Promise<void> {
    const { accessToken } = customerAccessOf(request);
    await this.deps.identity.unpairDevice({ deviceId }, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    this.setStatus(204);
  }
}
