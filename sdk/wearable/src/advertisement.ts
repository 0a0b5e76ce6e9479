// The BLE advertisement a usual wearable sends: its current rolling ID and a calibrated
// transmit power, as 16-bit-UUID service data. Nothing in it is stable across intervals.
import { ROLLING_ID_BYTES } from "#libs/rolling-id/src/index.js";

/** Format of the service data; a scanner ignores versions it does not know. */
export const ADVERTISEMENT_VERSION = 1;
/**
 * 16-bit service UUID the service data is sent under. A development placeholder until usual
 * registers one with the Bluetooth SIG; scanners and wearables must agree on it.
 */
export const DEFAULT_SERVICE_UUID = 0xfff6;

const AD_FLAGS = 0x01;
const AD_COMPLETE_16BIT_UUIDS = 0x03;
const AD_SERVICE_DATA_16BIT = 0x16;
/** LE General Discoverable, BR/EDR not supported. */
const FLAGS_VALUE = 0x06;

export class AdvertisementError extends Error {
  override name = "AdvertisementError";
}

/**
 * Service data (18 bytes): [0] version (1), [1..16] rolling ID, [17] transmit power at 0 m in
 * dBm (int8), for the scanner's distance estimate.
 */
export function serviceData(rollingId: Uint8Array, txPowerDbm: number): Buffer {
  if (rollingId.length !== ROLLING_ID_BYTES) throw new AdvertisementError(`a rolling ID is ${ROLLING_ID_BYTES} bytes`);
  if (!Number.isInteger(txPowerDbm) || txPowerDbm < -128 || txPowerDbm > 127) {
    throw new AdvertisementError("transmit power is an integer dBm from -128 to 127");
  }
  const data = Buffer.alloc(2 + ROLLING_ID_BYTES);
  data.writeUInt8(ADVERTISEMENT_VERSION, 0);
  Buffer.from(rollingId).copy(data, 1);
  data.writeInt8(txPowerDbm, 1 + ROLLING_ID_BYTES);
  return data;
}

/**
 * The whole legacy advertising payload (29 of 31 bytes): Flags, the complete list of 16-bit
 * service UUIDs (ours), and our service data. Send it with a fresh random private address each
 * time the rolling ID changes.
 */
export function advertisingPayload(rollingId: Uint8Array, txPowerDbm: number, serviceUuid = DEFAULT_SERVICE_UUID): Buffer {
  const data = serviceData(rollingId, txPowerDbm);
  const uuid = Buffer.alloc(2);
  uuid.writeUInt16LE(serviceUuid);
  return Buffer.concat([
    Buffer.from([2, AD_FLAGS, FLAGS_VALUE]),
    Buffer.from([3, AD_COMPLETE_16BIT_UUIDS]),
    uuid,
    Buffer.from([1 + uuid.length + data.length, AD_SERVICE_DATA_16BIT]),
    uuid,
    data,
  ]);
}

/** What a scanner reads back from service data; undefined when it is not a version it knows. */
export function parseServiceData(data: Uint8Array): { rollingId: Buffer; txPowerDbm: number } | undefined {
  const buffer = Buffer.from(data);
  if (buffer.length < 2 + ROLLING_ID_BYTES || buffer.readUInt8(0) !== ADVERTISEMENT_VERSION) return undefined;
  return { rollingId: buffer.subarray(1, 1 + ROLLING_ID_BYTES), txPowerDbm: buffer.readInt8(1 + ROLLING_ID_BYTES) };
}
