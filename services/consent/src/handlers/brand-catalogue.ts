// What a brand publishes: versioned notices per purpose and its choices. Brands write their
// own only; anyone authenticated may read them (a customer needs both to decide and answer).
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  ChoiceSchemaSchema,
  type DefineChoicesRequest,
  type GetChoicesRequest,
  type GetNoticeRequest,
  type PublishNoticeRequest,
} from "#gen/usual/consent/v1/consent_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { NotFoundError } from "#libs/errors/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";
import { checkSchema } from "../domain/choices.js";
import { purposeName } from "../domain/ledger-entry.js";
import type { BrandCatalogue } from "../store/brand-catalogue.js";
import { callingBrand } from "./callers.js";

export type CatalogueDeps = { readonly credentials: CredentialVerifier; readonly catalogue: BrandCatalogue };

export function catalogueHandlers(deps: CatalogueDeps) {
  return {
    async publishNotice(request: PublishNoticeRequest, call: CallContext) {
      await callingBrand(deps.credentials, call, request.brandId, "publish notices");
      const notice = await deps.catalogue.publishNotice(request.brandId, request.purpose, request.version, request.text);
      return { notice };
    },

    async getNotice(request: GetNoticeRequest, call: CallContext) {
      await deps.credentials.verify(call.bearer);
      const notice = await deps.catalogue.notice(request.brandId, request.purpose, request.version);
      if (!notice)
        throw new NotFoundError(
          `brand "${request.brandId}" has no version ${request.version} of its ${purposeName(request.purpose)} notice`,
        );
      return { notice };
    },

    async defineChoices(request: DefineChoicesRequest, call: CallContext) {
      await callingBrand(deps.credentials, call, request.brandId, "define choices");
      checkSchema(request);
      const schema = create(ChoiceSchemaSchema, {
        brandId: request.brandId,
        choices: request.choices,
        dontAskOptions: request.dontAskOptions,
        definedAt: timestampFromMs(Date.now()),
      });
      await deps.catalogue.defineChoices(schema);
      return { schema };
    },

    async getChoices(request: GetChoicesRequest, call: CallContext) {
      await deps.credentials.verify(call.bearer);
      const schema = await deps.catalogue.choicesOf(request.brandId);
      if (!schema) throw new NotFoundError(`brand "${request.brandId}" has defined no choices`);
      return { schema };
    },
  };
}
