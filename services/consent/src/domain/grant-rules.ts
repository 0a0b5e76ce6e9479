// Which data and channel go with which purpose: checked before anything is looked up, so a
// malformed change names every field that does not fit.
import { Channel, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { type FieldViolation, InvalidArgumentError } from "#libs/errors/src/index.js";

export type ChangeShape = {
  readonly purpose: Purpose;
  readonly channel: Channel;
  readonly greetingName?: string;
  readonly answers?: readonly unknown[];
  readonly dontAsk?: readonly unknown[];
};

export function checkChangeShape(change: ChangeShape): void {
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });
  if (change.purpose === Purpose.NOTIFICATIONS && change.channel === Channel.UNSPECIFIED)
    add("channel", "required for notifications: push, email or sms");
  if (change.purpose !== Purpose.NOTIFICATIONS && change.channel !== Channel.UNSPECIFIED)
    add("channel", "only notifications has channels");
  const name = change.greetingName?.trim() ?? "";
  if (change.greetingName !== undefined) {
    if (change.purpose === Purpose.GREET_BY_NAME && name === "") add("greeting_name", "required to greet by name");
    if (change.purpose !== Purpose.GREET_BY_NAME && change.greetingName !== "")
      add("greeting_name", "only greet_by_name carries a name");
  }
  if (change.purpose !== Purpose.PREFERENCES) {
    if ((change.answers?.length ?? 0) > 0) add("answers", "only preferences carries answers");
    if ((change.dontAsk?.length ?? 0) > 0) add("dont_ask", "only preferences carries don't-ask items");
  }
  if (violations.length > 0) {
    throw new InvalidArgumentError(violations.map((v) => `${v.field}: ${v.description}`).join("; "), violations);
  }
}
