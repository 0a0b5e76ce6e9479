// A brand's choices and a customer's answers: the answers are checked against the brand's
// schema and rendered as the counter shows them (labels, in the brand's order).
import { create } from "@bufbuild/protobuf";
import { type DontAskItem, DontAskItemSchema, type SharedChoice, SharedChoiceSchema } from "#gen/usual/consent/v1/card_pb.js";
import type { ChoiceAnswer, ChoiceDefinition, ChoiceSchema } from "#gen/usual/consent/v1/consent_pb.js";
import { type FieldViolation, InvalidArgumentError } from "#libs/errors/src/index.js";

export type RenderedAnswers = { readonly choices: SharedChoice[]; readonly dontAsk: DontAskItem[] };

const YES_NO = ["Yes", "No"] as const;

/** Checks a schema a brand defines: ids unique within choices, options and don't-ask items. */
export function checkSchema(schema: Pick<ChoiceSchema, "choices" | "dontAskOptions">): void {
  const violations: FieldViolation[] = [];
  const seen = new Set<string>();
  schema.choices.forEach((choice, index) => {
    if (seen.has(choice.choiceId))
      violations.push({ field: `choices[${index}].choice_id`, description: `"${choice.choiceId}" is defined twice` });
    seen.add(choice.choiceId);
    if (choice.kind.case === "oneOf") {
      const options = new Set<string>();
      choice.kind.value.options.forEach((option, optionIndex) => {
        if (options.has(option.optionId))
          violations.push({
            field: `choices[${index}].one_of.options[${optionIndex}].option_id`,
            description: `"${option.optionId}" is defined twice`,
          });
        options.add(option.optionId);
      });
    }
  });
  const items = new Set<string>();
  schema.dontAskOptions.forEach((item, index) => {
    if (items.has(item.itemId))
      violations.push({ field: `dont_ask_options[${index}].item_id`, description: `"${item.itemId}" is defined twice` });
    items.add(item.itemId);
  });
  if (violations.length > 0) throw invalid(violations);
}

/** Checks answers against a brand's schema and renders them; every misfit is named. */
export function renderAnswers(
  brandId: string,
  schema: ChoiceSchema | undefined,
  answers: readonly ChoiceAnswer[],
  dontAsk: readonly string[],
): RenderedAnswers {
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });
  const choices = new Map((schema?.choices ?? []).map((choice) => [choice.choiceId, choice]));
  const given = new Map<string, string>();
  for (const [index, answer] of answers.entries()) {
    const problem = answerProblem(choices.get(answer.choiceId), answer, given, brandId);
    if (problem) add(`answers[${index}].${problem.field}`, problem.description);
  }
  const items = new Map((schema?.dontAskOptions ?? []).map((item) => [item.itemId, item]));
  const picked = new Set<string>();
  dontAsk.forEach((itemId, index) => {
    if (!items.has(itemId)) add(`dont_ask[${index}]`, `brand "${brandId}" has no don't-ask item "${itemId}"`);
    else if (picked.has(itemId)) add(`dont_ask[${index}]`, `"${itemId}" is listed twice`);
    picked.add(itemId);
  });
  if (violations.length > 0) throw invalid(violations);
  return {
    choices: (schema?.choices ?? [])
      .filter((choice) => given.has(choice.choiceId))
      .map((choice) =>
        create(SharedChoiceSchema, { choiceId: choice.choiceId, label: choice.label, answer: given.get(choice.choiceId) ?? "" }),
      ),
    dontAsk: (schema?.dontAskOptions ?? [])
      .filter((item) => picked.has(item.itemId))
      .map((item) => create(DontAskItemSchema, { itemId: item.itemId, label: item.label })),
  };
}

/** What is wrong with one answer, if anything; a fitting answer is added to `given` as shown. */
function answerProblem(
  choice: ChoiceDefinition | undefined,
  answer: ChoiceAnswer,
  given: Map<string, string>,
  brandId: string,
): FieldViolation | undefined {
  if (!choice) return { field: "choice_id", description: `brand "${brandId}" has no choice "${answer.choiceId}"` };
  if (given.has(answer.choiceId)) return { field: "choice_id", description: `"${answer.choiceId}" is answered twice` };
  if (choice.kind.case === "oneOf") {
    const options = choice.kind.value.options;
    const list = options.map((option) => option.optionId).join(", ");
    if (answer.value.case !== "optionId")
      return { field: "option_id", description: `"${answer.choiceId}" is one of a list: answer with option_id (${list})` };
    const optionId = answer.value.value;
    const picked = options.find((option) => option.optionId === optionId);
    if (!picked) return { field: "option_id", description: `"${optionId}" is not an option of "${answer.choiceId}" (${list})` };
    given.set(answer.choiceId, picked.label);
    return undefined;
  }
  if (answer.value.case !== "yes") return { field: "yes", description: `"${answer.choiceId}" takes yes or no` };
  given.set(answer.choiceId, answer.value.value ? YES_NO[0] : YES_NO[1]);
  return undefined;
}

function invalid(violations: readonly FieldViolation[]): InvalidArgumentError {
  return new InvalidArgumentError(violations.map((v) => `${v.field}: ${v.description}`).join("; "), violations);
}
