// usual's wearable SDK: sign in, pair, hold the key bundle, and broadcast the rolling ID.
// sdk/wearable/README.md is the guide for wearable makers.
export {
  ADVERTISEMENT_VERSION,
  AdvertisementError,
  advertisingPayload,
  DEFAULT_SERVICE_UUID,
  parseServiceData,
  serviceData,
} from "./advertisement.js";
export { Consents } from "./consents.js";
export { CustomerSession, type SessionOptions } from "./session.js";
export {
  type Broadcast,
  KeysExhaustedError,
  REFRESH_WHEN_DAYS_LEFT,
  Wearable,
  type WearableOptions,
  type WearableState,
} from "./wearable.js";
