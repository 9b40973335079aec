// The protocol's day-of questions, each answered yes or no before
// treating. The answer that stops the session is said beside the question:
// the server refuses it (CHECKLIST_BLOCKS_TREATMENT), the form warns first.

import { DayOfAnswer, type DayOfQuestion } from "../../gen/clinic/plugin/v1/plugin_pb";

export type Answers = Record<string, boolean | undefined>;

export interface DayOfChecklistProps {
  questions: DayOfQuestion[];
  answers: Answers;
  onAnswer(code: string, yes: boolean): void;
  problems?: string[];
}

function blocks(question: DayOfQuestion, yes: boolean | undefined): boolean {
  if (yes === undefined) return false;
  return question.blockingAnswer === (yes ? DayOfAnswer.YES : DayOfAnswer.NO);
}

export function DayOfChecklist({ questions, answers, onAnswer, problems }: DayOfChecklistProps) {
  return (
    <fieldset class="checklist" aria-describedby={problems ? "checklist-problem" : undefined}>
      <legend>
        <strong>Day-of checklist</strong>: ask the patient each question
      </legend>
      {questions.map((question) => {
        const answer = answers[question.code];
        const stopping = blocks(question, answer);
        const blocking = question.blockingAnswer === DayOfAnswer.YES ? "Yes" : "No";
        return (
          <fieldset key={question.code} class="question">
            <legend>{question.text}</legend>
            <label>
              <input type="radio" name={`q-${question.code}`} checked={answer === true}
                onChange={() => onAnswer(question.code, true)} />
              Yes
            </label>
            <label>
              <input type="radio" name={`q-${question.code}`} checked={answer === false}
                onChange={() => onAnswer(question.code, false)} />
              No
            </label>
            <small class={stopping ? "field-problem" : "field-hint"}>
              {stopping ? `Stop: "${blocking}" rules out treatment today.` : `"${blocking}" stops the session.`}
            </small>
          </fieldset>
        );
      })}
      {problems && (
        <small id="checklist-problem" class="field-problem" role="alert">
          {problems.join(" ")}
        </small>
      )}
    </fieldset>
  );
}

export function checklistBlocks(questions: DayOfQuestion[], answers: Answers): boolean {
  return questions.some((question) => blocks(question, answers[question.code]));
}
