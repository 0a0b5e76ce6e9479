// protovalidate for every request: bad input becomes InvalidArgumentError naming each field.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { pathToString } from "@bufbuild/protobuf/reflect";
import { createValidator } from "@bufbuild/protovalidate";
import { InvalidArgumentError } from "#libs/errors/src/index.js";

const validator = createValidator();

export function assertValid<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): void {
  const result = validator.validate(schema, message);
  if (result.kind === "valid") return;
  if (result.kind === "error") throw result.error;
  const violations = result.violations.map((violation) => ({
    field: pathToString(violation.field),
    description: violation.message,
  }));
  const summary = violations.map((violation) => `${violation.field}: ${violation.description}`).join("; ");
  throw new InvalidArgumentError(`invalid ${schema.name}: ${summary}`, violations);
}
