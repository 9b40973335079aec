// The plugin's refusals of a treatment-record field, in plain words: its
// rule code ("dose_over_limit: caffeine: 6 ml...") is for programs.

import { fieldProblems, type Refusal } from "../../api/refusal";

export function recordProblems(refusal: Refusal | undefined, path: string): string[] | undefined {
  return fieldProblems(refusal, path)?.map((text) => text.replace(/^[a-z][a-z0-9_]*: /, ""));
}
