/* tslint:disable */
/* eslint-disable */
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import type { TsoaRoute } from '@tsoa/runtime';
import {  fetchMiddlewares, ExpressTemplateService } from '@tsoa/runtime';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { SightingsController } from './../controllers/sightings-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PresenceController } from './../controllers/presence-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { FeedbackController } from './../controllers/feedback-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { DisplayTokenController } from './../controllers/display-token-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { DeviceController } from './../controllers/device-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { DataRightsController } from './../controllers/data-rights-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { CustomerSessionController } from './../controllers/customer-session-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { ConsentController } from './../controllers/consent-controller.js';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { BrandCatalogueController } from './../controllers/brand-catalogue-controller.js';
import { expressAuthentication } from './../http/authentication.js';
// @ts-ignore - no great way to install types from subpackage
import { iocContainer } from './../http/wiring.js';
import type { IocContainer, IocContainerFactory } from '@tsoa/runtime';
import type { Request as ExRequest, Response as ExResponse, RequestHandler, Router } from 'express';

const expressAuthenticationRecasted = expressAuthentication as (req: ExRequest, securityName: string, scopes?: string[], res?: ExResponse) => Promise<any>;


// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

const models: TsoaRoute.Models = {
    "FieldProblem": {
        "dataType": "refAlias",
        "type": {"dataType":"nestedObjectLiteral","nestedProperties":{"message":{"dataType":"string","required":true},"field":{"dataType":"string","required":true}},"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Problem": {
        "dataType": "refAlias",
        "type": {"dataType":"nestedObjectLiteral","nestedProperties":{"errors":{"dataType":"array","array":{"dataType":"refAlias","ref":"FieldProblem"}},"detail":{"dataType":"string","required":true},"status":{"dataType":"double","required":true},"title":{"dataType":"string","required":true},"type":{"dataType":"string","required":true}},"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SightingsAccepted": {
        "dataType": "refObject",
        "properties": {
            "sightingCount": {"dataType":"double","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SightingJson": {
        "dataType": "refObject",
        "properties": {
            "rollingId": {"dataType":"string","required":true,"validators":{"pattern":{"errorMsg":"must be 16 bytes in base64: 22 characters, or 24 ending in ==","value":"^[A-Za-z0-9+/_-]{22}(==)?$"}}},
            "beaconId": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 64 characters","value":64}}},
            "observedAt": {"dataType":"datetime","required":true},
            "rssi": {"dataType":"integer","required":true,"validators":{"isInt":{"errorMsg":"must be a whole number of dBm"},"minimum":{"errorMsg":"must be at least -127 dBm","value":-127},"maximum":{"errorMsg":"must be at most 20 dBm","value":20}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SightingBatchJson": {
        "dataType": "refObject",
        "properties": {
            "sightings": {"dataType":"array","array":{"dataType":"refObject","ref":"SightingJson"},"required":true,"validators":{"minItems":{"errorMsg":"must hold at least one sighting","value":1},"maxItems":{"errorMsg":"must hold at most 1000 sightings","value":1000}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SharedChoiceJson": {
        "dataType": "refObject",
        "properties": {
            "choiceId": {"dataType":"string","required":true},
            "label": {"dataType":"string","required":true},
            "answer": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DontAskJson": {
        "dataType": "refObject",
        "properties": {
            "itemId": {"dataType":"string","required":true},
            "label": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SuggestionJson": {
        "dataType": "refObject",
        "properties": {
            "itemId": {"dataType":"string","required":true},
            "label": {"dataType":"string","required":true},
            "reason": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CounterCardJson": {
        "dataType": "refObject",
        "properties": {
            "greetingName": {"dataType":"string"},
            "choices": {"dataType":"array","array":{"dataType":"refObject","ref":"SharedChoiceJson"},"required":true},
            "dontAsk": {"dataType":"array","array":{"dataType":"refObject","ref":"DontAskJson"},"required":true},
            "suggestions": {"dataType":"array","array":{"dataType":"refObject","ref":"SuggestionJson"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PresentCustomer": {
        "dataType": "refObject",
        "properties": {
            "customerPseudonym": {"dataType":"string","required":true},
            "observedAt": {"dataType":"string","required":true},
            "card": {"ref":"CounterCardJson"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PresenceNow": {
        "dataType": "refObject",
        "properties": {
            "storeId": {"dataType":"string","required":true},
            "present": {"dataType":"array","array":{"dataType":"refObject","ref":"PresentCustomer"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FeedbackStored": {
        "dataType": "refObject",
        "properties": {
            "feedbackId": {"dataType":"string","required":true},
            "duplicate": {"dataType":"boolean","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "StaffFeedbackKindJson": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["served_usual"]},{"dataType":"enum","enums":["suggestion_taken"]},{"dataType":"enum","enums":["suggestion_declined"]},{"dataType":"enum","enums":["dont_suggest_again"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "StaffFeedbackJson": {
        "dataType": "refObject",
        "properties": {
            "feedbackId": {"dataType":"string","validators":{"pattern":{"errorMsg":"must be a UUID","value":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}}},
            "customerPseudonym": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 128 characters","value":128}}},
            "kind": {"ref":"StaffFeedbackKindJson","required":true},
            "itemId": {"dataType":"string","validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 128 characters","value":128}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DisplayToken": {
        "dataType": "refObject",
        "properties": {
            "token": {"dataType":"string","required":true},
            "expiresAt": {"dataType":"datetime","required":true},
            "displayPath": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DisplayTokenRequest": {
        "dataType": "refObject",
        "properties": {
            "ttlSeconds": {"dataType":"integer","validators":{"isInt":{"errorMsg":"must be a whole number of seconds"},"minimum":{"errorMsg":"must be at least 60 seconds","value":60}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeviceKindJson": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["watch"]},{"dataType":"enum","enums":["band"]},{"dataType":"enum","enums":["phone"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeviceJson": {
        "dataType": "refObject",
        "properties": {
            "deviceId": {"dataType":"string","required":true},
            "kind": {"ref":"DeviceKindJson","required":true},
            "model": {"dataType":"string","required":true},
            "label": {"dataType":"string","required":true},
            "pairedAt": {"dataType":"datetime","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DevicesJson": {
        "dataType": "refObject",
        "properties": {
            "devices": {"dataType":"array","array":{"dataType":"refObject","ref":"DeviceJson"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DailyKeyJson": {
        "dataType": "refObject",
        "properties": {
            "day": {"dataType":"double","required":true},
            "key": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PairedDevice": {
        "dataType": "refObject",
        "properties": {
            "deviceId": {"dataType":"string","required":true},
            "deviceCredential": {"dataType":"string","required":true},
            "keyBundle": {"dataType":"nestedObjectLiteral","nestedProperties":{"dailyKeys":{"dataType":"array","array":{"dataType":"refObject","ref":"DailyKeyJson"},"required":true},"keyVersion":{"dataType":"double","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PairDeviceJson": {
        "dataType": "refObject",
        "properties": {
            "kind": {"ref":"DeviceKindJson","required":true},
            "model": {"dataType":"string","validators":{"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
            "label": {"dataType":"string","validators":{"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CustomerExport": {
        "dataType": "refObject",
        "properties": {
            "format": {"dataType":"string","required":true},
            "customerId": {"dataType":"string","required":true},
            "exportedAt": {"dataType":"string","required":true},
            "erased": {"dataType":"boolean","required":true},
            "consent": {"dataType":"any","required":true},
            "services": {"dataType":"any","required":true},
            "unavailable": {"dataType":"array","array":{"dataType":"string"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PurposeJson": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["recognition"]},{"dataType":"enum","enums":["greet_by_name"]},{"dataType":"enum","enums":["preferences"]},{"dataType":"enum","enums":["recommendations"]},{"dataType":"enum","enums":["notifications"]},{"dataType":"enum","enums":["insights"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ChannelJson": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["push"]},{"dataType":"enum","enums":["email"]},{"dataType":"enum","enums":["sms"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ConsentStateJson": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["given"]},{"dataType":"enum","enums":["withdrawn"]},{"dataType":"enum","enums":["refused"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ConsentRecordJson": {
        "dataType": "refObject",
        "properties": {
            "kind": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["programme"]},{"dataType":"enum","enums":["brand"]},{"dataType":"enum","enums":["erasure"]}],"required":true},
            "brandId": {"dataType":"string"},
            "purpose": {"ref":"PurposeJson"},
            "channel": {"ref":"ChannelJson"},
            "state": {"ref":"ConsentStateJson"},
            "noticeVersion": {"dataType":"double","required":true},
            "recordedAt": {"dataType":"string","required":true},
            "entryHash": {"dataType":"string","required":true},
            "ledgerSequence": {"dataType":"double","required":true},
            "receipt": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Erased": {
        "dataType": "refObject",
        "properties": {
            "record": {"ref":"ConsentRecordJson","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LedgerVerification": {
        "dataType": "refObject",
        "properties": {
            "entriesChecked": {"dataType":"double","required":true},
            "intact": {"dataType":"boolean","required":true},
            "firstBreak": {"dataType":"nestedObjectLiteral","nestedProperties":{"reason":{"dataType":"string","required":true},"sequence":{"dataType":"double","required":true}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReceiptKeys": {
        "dataType": "refObject",
        "properties": {
            "keys": {"dataType":"array","array":{"dataType":"any"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "TokensJson": {
        "dataType": "refObject",
        "properties": {
            "accessToken": {"dataType":"string","required":true},
            "accessTokenExpiresAt": {"dataType":"datetime","required":true},
            "refreshToken": {"dataType":"string","required":true},
            "refreshTokenExpiresAt": {"dataType":"datetime","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "RegisteredCustomer": {
        "dataType": "refObject",
        "properties": {
            "customerId": {"dataType":"string","required":true},
            "customerCredential": {"dataType":"string","required":true},
            "tokens": {"ref":"TokensJson","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "RegisterCustomerJson": {
        "dataType": "refObject",
        "properties": {
            "displayName": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SignedIn": {
        "dataType": "refObject",
        "properties": {
            "customerId": {"dataType":"string","required":true},
            "tokens": {"ref":"TokensJson","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "RefreshTokenJson": {
        "dataType": "refObject",
        "properties": {
            "refreshToken": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 256 characters","value":256}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JoinProgrammeJson": {
        "dataType": "refObject",
        "properties": {
            "noticeVersion": {"dataType":"integer","required":true,"validators":{"isInt":{"errorMsg":"must be a whole number"},"minimum":{"errorMsg":"must be at least 1","value":1}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ProgrammeLeft": {
        "dataType": "refObject",
        "properties": {
            "record": {"ref":"ConsentRecordJson","required":true},
            "withdrawn": {"dataType":"array","array":{"dataType":"refObject","ref":"ConsentRecordJson"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ConsentStatusJson": {
        "dataType": "refObject",
        "properties": {
            "purpose": {"ref":"PurposeJson"},
            "channel": {"ref":"ChannelJson"},
            "state": {"ref":"ConsentStateJson","required":true},
            "noticeVersion": {"dataType":"double","required":true},
            "recordedAt": {"dataType":"string","required":true},
            "entryHash": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SharedCardJson": {
        "dataType": "refObject",
        "properties": {
            "greetingName": {"dataType":"string"},
            "choices": {"dataType":"array","array":{"dataType":"refObject","ref":"SharedChoiceJson"},"required":true},
            "dontAsk": {"dataType":"array","array":{"dataType":"refObject","ref":"DontAskJson"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "BrandConsentsJson": {
        "dataType": "refObject",
        "properties": {
            "brandId": {"dataType":"string","required":true},
            "pseudonym": {"dataType":"string","required":true},
            "purposes": {"dataType":"array","array":{"dataType":"refObject","ref":"ConsentStatusJson"},"required":true},
            "recognised": {"dataType":"boolean","required":true},
            "card": {"ref":"SharedCardJson","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ConsentsJson": {
        "dataType": "refObject",
        "properties": {
            "programme": {"ref":"ConsentStatusJson"},
            "brands": {"dataType":"array","array":{"dataType":"refObject","ref":"BrandConsentsJson"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ChoiceAnswerJson": {
        "dataType": "refObject",
        "properties": {
            "choiceId": {"dataType":"string","required":true,"validators":{"pattern":{"errorMsg":"must be a choice id (lowercase letters, digits and dashes)","value":"^[a-z][a-z0-9-]{0,39}$"}}},
            "optionId": {"dataType":"string","validators":{"pattern":{"errorMsg":"must be an option id (lowercase letters, digits and dashes)","value":"^[a-z][a-z0-9-]{0,39}$"}}},
            "yes": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "GrantConsentJson": {
        "dataType": "refObject",
        "properties": {
            "noticeVersion": {"dataType":"integer","required":true,"validators":{"isInt":{"errorMsg":"must be a whole number"},"minimum":{"errorMsg":"must be at least 1","value":1}}},
            "channel": {"ref":"ChannelJson"},
            "greetingName": {"dataType":"string","validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 60 characters","value":60}}},
            "answers": {"dataType":"array","array":{"dataType":"refObject","ref":"ChoiceAnswerJson"},"validators":{"maxItems":{"errorMsg":"must hold at most 50 answers","value":50}}},
            "dontAsk": {"dataType":"array","array":{"dataType":"string"},"validators":{"maxItems":{"errorMsg":"must hold at most 50 items","value":50}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "RefuseConsentJson": {
        "dataType": "refObject",
        "properties": {
            "noticeVersion": {"dataType":"integer","required":true,"validators":{"isInt":{"errorMsg":"must be a whole number"},"minimum":{"errorMsg":"must be at least 1","value":1}}},
            "channel": {"ref":"ChannelJson"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "NoticeJson": {
        "dataType": "refObject",
        "properties": {
            "brandId": {"dataType":"string","required":true},
            "purpose": {"ref":"PurposeJson","required":true},
            "version": {"dataType":"double","required":true},
            "text": {"dataType":"string","required":true},
            "publishedAt": {"dataType":"datetime","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PublishNoticeJson": {
        "dataType": "refObject",
        "properties": {
            "purpose": {"ref":"PurposeJson","required":true},
            "version": {"dataType":"integer","required":true,"validators":{"isInt":{"errorMsg":"must be a whole number"},"minimum":{"errorMsg":"must be at least 1","value":1},"maximum":{"errorMsg":"must be at most 100000","value":100000}}},
            "text": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 4000 characters","value":4000}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ChoiceOptionJson": {
        "dataType": "refObject",
        "properties": {
            "optionId": {"dataType":"string","required":true,"validators":{"pattern":{"errorMsg":"must be lowercase letters, digits and dashes, starting with a letter","value":"^[a-z][a-z0-9-]{0,39}$"}}},
            "label": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ChoiceDefinitionJson": {
        "dataType": "refObject",
        "properties": {
            "choiceId": {"dataType":"string","required":true,"validators":{"pattern":{"errorMsg":"must be lowercase letters, digits and dashes, starting with a letter","value":"^[a-z][a-z0-9-]{0,39}$"}}},
            "label": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
            "kind": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["one_of"]},{"dataType":"enum","enums":["yes_no"]}],"required":true},
            "options": {"dataType":"array","array":{"dataType":"refObject","ref":"ChoiceOptionJson"},"validators":{"minItems":{"errorMsg":"must hold at least one option","value":1},"maxItems":{"errorMsg":"must hold at most 50 options","value":50}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DontAskOptionJson": {
        "dataType": "refObject",
        "properties": {
            "itemId": {"dataType":"string","required":true,"validators":{"pattern":{"errorMsg":"must be lowercase letters, digits and dashes, starting with a letter","value":"^[a-z][a-z0-9-]{0,39}$"}}},
            "label": {"dataType":"string","required":true,"validators":{"minLength":{"errorMsg":"must not be empty","value":1},"maxLength":{"errorMsg":"must be at most 80 characters","value":80}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ChoiceSchemaJson": {
        "dataType": "refObject",
        "properties": {
            "choices": {"dataType":"array","array":{"dataType":"refObject","ref":"ChoiceDefinitionJson"},"required":true,"validators":{"maxItems":{"errorMsg":"must hold at most 50 choices","value":50}}},
            "dontAskOptions": {"dataType":"array","array":{"dataType":"refObject","ref":"DontAskOptionJson"},"required":true,"validators":{"maxItems":{"errorMsg":"must hold at most 50 items","value":50}}},
            "brandId": {"dataType":"string","required":true},
            "definedAt": {"dataType":"datetime","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DefineChoicesJson": {
        "dataType": "refObject",
        "properties": {
            "choices": {"dataType":"array","array":{"dataType":"refObject","ref":"ChoiceDefinitionJson"},"required":true,"validators":{"maxItems":{"errorMsg":"must hold at most 50 choices","value":50}}},
            "dontAskOptions": {"dataType":"array","array":{"dataType":"refObject","ref":"DontAskOptionJson"},"required":true,"validators":{"maxItems":{"errorMsg":"must hold at most 50 items","value":50}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
};
const templateService = new ExpressTemplateService(models, {"noImplicitAdditionalProperties":"throw-on-extras","bodyCoercion":false});

// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa




export function RegisterRoutes(app: Router) {

    // ###########################################################################################################
    //  NOTE: If you do not see routes for all of your controllers in this file, then you might not have informed tsoa of where to look
    //      Please look into the "controllerPathGlobs" config option described in the readme: https://github.com/lukeautry/tsoa
    // ###########################################################################################################


    
        const argsSightingsController_reportSightings: Record<string, TsoaRoute.ParameterSchema> = {
                storeId: {"in":"path","name":"storeId","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"SightingBatchJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/stores/:storeId/sightings',
            authenticateMiddleware([{"store":[]}]),
            ...(fetchMiddlewares<RequestHandler>(SightingsController)),
            ...(fetchMiddlewares<RequestHandler>(SightingsController.prototype.reportSightings)),

            async function SightingsController_reportSightings(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsSightingsController_reportSightings, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<SightingsController>(SightingsController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'reportSightings',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 200,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPresenceController_presenceNow: Record<string, TsoaRoute.ParameterSchema> = {
                storeId: {"in":"path","name":"storeId","required":true,"dataType":"string"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/stores/:storeId/presence',
            authenticateMiddleware([{"store":["display"]}]),
            ...(fetchMiddlewares<RequestHandler>(PresenceController)),
            ...(fetchMiddlewares<RequestHandler>(PresenceController.prototype.presenceNow)),

            async function PresenceController_presenceNow(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPresenceController_presenceNow, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<PresenceController>(PresenceController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'presenceNow',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPresenceController_presenceEvents: Record<string, TsoaRoute.ParameterSchema> = {
                storeId: {"in":"path","name":"storeId","required":true,"dataType":"string"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
                lastEventId: {"in":"header","name":"Last-Event-ID","dataType":"string"},
        };
        app.get('/v1/stores/:storeId/presence/events',
            authenticateMiddleware([{"store":["display"]}]),
            ...(fetchMiddlewares<RequestHandler>(PresenceController)),
            ...(fetchMiddlewares<RequestHandler>(PresenceController.prototype.presenceEvents)),

            async function PresenceController_presenceEvents(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPresenceController_presenceEvents, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<PresenceController>(PresenceController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'presenceEvents',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 200,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFeedbackController_recordFeedback: Record<string, TsoaRoute.ParameterSchema> = {
                storeId: {"in":"path","name":"storeId","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"StaffFeedbackJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/stores/:storeId/feedback',
            authenticateMiddleware([{"store":["display"]}]),
            ...(fetchMiddlewares<RequestHandler>(FeedbackController)),
            ...(fetchMiddlewares<RequestHandler>(FeedbackController.prototype.recordFeedback)),

            async function FeedbackController_recordFeedback(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFeedbackController_recordFeedback, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<FeedbackController>(FeedbackController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'recordFeedback',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDisplayTokenController_createDisplayToken: Record<string, TsoaRoute.ParameterSchema> = {
                storeId: {"in":"path","name":"storeId","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"DisplayTokenRequest"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/stores/:storeId/display-tokens',
            authenticateMiddleware([{"store":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DisplayTokenController)),
            ...(fetchMiddlewares<RequestHandler>(DisplayTokenController.prototype.createDisplayToken)),

            async function DisplayTokenController_createDisplayToken(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDisplayTokenController_createDisplayToken, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DisplayTokenController>(DisplayTokenController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'createDisplayToken',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDeviceController_listDevices: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/me/devices',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DeviceController)),
            ...(fetchMiddlewares<RequestHandler>(DeviceController.prototype.listDevices)),

            async function DeviceController_listDevices(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDeviceController_listDevices, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DeviceController>(DeviceController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'listDevices',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDeviceController_pairDevice: Record<string, TsoaRoute.ParameterSchema> = {
                body: {"in":"body","name":"body","required":true,"ref":"PairDeviceJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/me/devices',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DeviceController)),
            ...(fetchMiddlewares<RequestHandler>(DeviceController.prototype.pairDevice)),

            async function DeviceController_pairDevice(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDeviceController_pairDevice, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DeviceController>(DeviceController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'pairDevice',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDeviceController_unpairDevice: Record<string, TsoaRoute.ParameterSchema> = {
                deviceId: {"in":"path","name":"deviceId","required":true,"dataType":"string"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.delete('/v1/me/devices/:deviceId',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DeviceController)),
            ...(fetchMiddlewares<RequestHandler>(DeviceController.prototype.unpairDevice)),

            async function DeviceController_unpairDevice(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDeviceController_unpairDevice, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DeviceController>(DeviceController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'unpairDevice',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 204,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDataRightsController_exportData: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/me/export',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController)),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController.prototype.exportData)),

            async function DataRightsController_exportData(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDataRightsController_exportData, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DataRightsController>(DataRightsController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'exportData',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDataRightsController_eraseCustomer: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.delete('/v1/me',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController)),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController.prototype.eraseCustomer)),

            async function DataRightsController_eraseCustomer(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDataRightsController_eraseCustomer, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DataRightsController>(DataRightsController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'eraseCustomer',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDataRightsController_verifyLedger: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/me/ledger/verification',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController)),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController.prototype.verifyLedger)),

            async function DataRightsController_verifyLedger(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDataRightsController_verifyLedger, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DataRightsController>(DataRightsController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'verifyLedger',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsDataRightsController_receiptKeys: Record<string, TsoaRoute.ParameterSchema> = {
        };
        app.get('/v1/receipt-keys',
            ...(fetchMiddlewares<RequestHandler>(DataRightsController)),
            ...(fetchMiddlewares<RequestHandler>(DataRightsController.prototype.receiptKeys)),

            async function DataRightsController_receiptKeys(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsDataRightsController_receiptKeys, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<DataRightsController>(DataRightsController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'receiptKeys',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCustomerSessionController_registerCustomer: Record<string, TsoaRoute.ParameterSchema> = {
                body: {"in":"body","name":"body","required":true,"ref":"RegisterCustomerJson"},
        };
        app.post('/v1/customers',
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController)),
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController.prototype.registerCustomer)),

            async function CustomerSessionController_registerCustomer(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCustomerSessionController_registerCustomer, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<CustomerSessionController>(CustomerSessionController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'registerCustomer',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCustomerSessionController_signIn: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/customers/sign-in',
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController)),
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController.prototype.signIn)),

            async function CustomerSessionController_signIn(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCustomerSessionController_signIn, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<CustomerSessionController>(CustomerSessionController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'signIn',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCustomerSessionController_refreshTokens: Record<string, TsoaRoute.ParameterSchema> = {
                body: {"in":"body","name":"body","required":true,"ref":"RefreshTokenJson"},
        };
        app.post('/v1/customers/tokens/refresh',
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController)),
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController.prototype.refreshTokens)),

            async function CustomerSessionController_refreshTokens(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCustomerSessionController_refreshTokens, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<CustomerSessionController>(CustomerSessionController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'refreshTokens',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCustomerSessionController_signOut: Record<string, TsoaRoute.ParameterSchema> = {
                body: {"in":"body","name":"body","required":true,"ref":"RefreshTokenJson"},
        };
        app.post('/v1/customers/tokens/sign-out',
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController)),
            ...(fetchMiddlewares<RequestHandler>(CustomerSessionController.prototype.signOut)),

            async function CustomerSessionController_signOut(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCustomerSessionController_signOut, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<CustomerSessionController>(CustomerSessionController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'signOut',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 204,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_joinProgramme: Record<string, TsoaRoute.ParameterSchema> = {
                body: {"in":"body","name":"body","required":true,"ref":"JoinProgrammeJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/me/programme',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.joinProgramme)),

            async function ConsentController_joinProgramme(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_joinProgramme, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'joinProgramme',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_leaveProgramme: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.delete('/v1/me/programme',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.leaveProgramme)),

            async function ConsentController_leaveProgramme(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_leaveProgramme, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'leaveProgramme',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_listConsents: Record<string, TsoaRoute.ParameterSchema> = {
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/me/consents',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.listConsents)),

            async function ConsentController_listConsents(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_listConsents, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'listConsents',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_grantConsent: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                purpose: {"in":"path","name":"purpose","required":true,"ref":"PurposeJson"},
                body: {"in":"body","name":"body","required":true,"ref":"GrantConsentJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.put('/v1/me/consents/:brandId/:purpose',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.grantConsent)),

            async function ConsentController_grantConsent(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_grantConsent, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'grantConsent',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_refuseConsent: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                purpose: {"in":"path","name":"purpose","required":true,"ref":"PurposeJson"},
                body: {"in":"body","name":"body","required":true,"ref":"RefuseConsentJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/me/consents/:brandId/:purpose/refusals',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.refuseConsent)),

            async function ConsentController_refuseConsent(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_refuseConsent, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'refuseConsent',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsConsentController_revokeConsent: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                purpose: {"in":"path","name":"purpose","required":true,"ref":"PurposeJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
                channel: {"in":"query","name":"channel","ref":"ChannelJson"},
        };
        app.delete('/v1/me/consents/:brandId/:purpose',
            authenticateMiddleware([{"customer":[]}]),
            ...(fetchMiddlewares<RequestHandler>(ConsentController)),
            ...(fetchMiddlewares<RequestHandler>(ConsentController.prototype.revokeConsent)),

            async function ConsentController_revokeConsent(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsConsentController_revokeConsent, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<ConsentController>(ConsentController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'revokeConsent',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsBrandCatalogueController_publishNotice: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"PublishNoticeJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.post('/v1/brands/:brandId/notices',
            authenticateMiddleware([{"brand":[]}]),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController)),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController.prototype.publishNotice)),

            async function BrandCatalogueController_publishNotice(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsBrandCatalogueController_publishNotice, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<BrandCatalogueController>(BrandCatalogueController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'publishNotice',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsBrandCatalogueController_getNotice: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                purpose: {"in":"path","name":"purpose","required":true,"ref":"PurposeJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
                version: {"in":"query","name":"version","dataType":"double"},
        };
        app.get('/v1/brands/:brandId/notices/:purpose',
            authenticateMiddleware([{"customer":[]},{"brand":[]}]),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController)),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController.prototype.getNotice)),

            async function BrandCatalogueController_getNotice(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsBrandCatalogueController_getNotice, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<BrandCatalogueController>(BrandCatalogueController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'getNotice',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsBrandCatalogueController_defineChoices: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"DefineChoicesJson"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.put('/v1/brands/:brandId/choices',
            authenticateMiddleware([{"brand":[]}]),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController)),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController.prototype.defineChoices)),

            async function BrandCatalogueController_defineChoices(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsBrandCatalogueController_defineChoices, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<BrandCatalogueController>(BrandCatalogueController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'defineChoices',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsBrandCatalogueController_getChoices: Record<string, TsoaRoute.ParameterSchema> = {
                brandId: {"in":"path","name":"brandId","required":true,"dataType":"string"},
                request: {"in":"request","name":"request","required":true,"dataType":"object"},
        };
        app.get('/v1/brands/:brandId/choices',
            authenticateMiddleware([{"customer":[]},{"brand":[]}]),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController)),
            ...(fetchMiddlewares<RequestHandler>(BrandCatalogueController.prototype.getChoices)),

            async function BrandCatalogueController_getChoices(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsBrandCatalogueController_getChoices, request, response });

                const container: IocContainer = typeof iocContainer === 'function' ? (iocContainer as IocContainerFactory)(request) : iocContainer;

                const controller: any = await container.get<BrandCatalogueController>(BrandCatalogueController);
                if (typeof controller['setStatus'] === 'function') {
                controller.setStatus(undefined);
                }

              await templateService.apiHandler({
                methodName: 'getChoices',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa


    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

    function authenticateMiddleware(security: TsoaRoute.Security[] = []) {
        return async function runAuthenticationMiddleware(request: any, response: any, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            // keep track of failed auth attempts so we can hand back the most
            // recent one.  This behavior was previously existing so preserving it
            // here
            const failedAttempts: any[] = [];
            const pushAndRethrow = (error: any) => {
                failedAttempts.push(error);
                throw error;
            };

            const secMethodOrPromises: Promise<any>[] = [];
            for (const secMethod of security) {
                if (Object.keys(secMethod).length > 1) {
                    const secMethodAndPromises: Promise<any>[] = [];

                    for (const name in secMethod) {
                        secMethodAndPromises.push(
                            expressAuthenticationRecasted(request, name, secMethod[name], response)
                                .catch(pushAndRethrow)
                        );
                    }

                    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

                    secMethodOrPromises.push(Promise.all(secMethodAndPromises)
                        .then(users => { return users[0]; }));
                } else {
                    for (const name in secMethod) {
                        secMethodOrPromises.push(
                            expressAuthenticationRecasted(request, name, secMethod[name], response)
                                .catch(pushAndRethrow)
                        );
                    }
                }
            }

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            try {
                request['user'] = await Promise.any(secMethodOrPromises);

                // Response was sent in middleware, abort
                if (response.writableEnded) {
                    return;
                }

                next();
            }
            catch(err) {
                // Show most recent error as response
                const error = failedAttempts.pop();
                error.status = error.status || 401;

                // Response was sent in middleware, abort
                if (response.writableEnded) {
                    return;
                }
                next(error);
            }

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        }
    }

    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
}

// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
