// Adverse-event enums in the words of ICH E2A, WHO-UMC and CTCAE, as a
// practitioner reads them; each list is in the order a form offers it.

import {
  ActionTaken,
  EventOutcome,
  Relatedness,
  ReporterKind,
  SeriousnessCriterion,
  type AdverseEvent,
} from "../../gen/clinic/v1/adverse_events_pb";

export const kSeriousness: [SeriousnessCriterion, string][] = [
  [SeriousnessCriterion.DEATH, "Results in death"],
  [SeriousnessCriterion.LIFE_THREATENING, "Life-threatening"],
  [SeriousnessCriterion.HOSPITALISATION, "Requires or prolongs hospitalisation"],
  [SeriousnessCriterion.DISABILITY, "Persistent or significant disability"],
  [SeriousnessCriterion.CONGENITAL_ANOMALY, "Congenital anomaly"],
  [SeriousnessCriterion.OTHER_MEDICALLY_IMPORTANT, "Other medically important"],
];

// WHO-UMC; "unrelated" is not one of its categories and is never offered.
export const kRelatedness: [Relatedness, string][] = [
  [Relatedness.CERTAIN, "Certain"],
  [Relatedness.PROBABLE, "Probable / likely"],
  [Relatedness.POSSIBLE, "Possible"],
  [Relatedness.UNLIKELY, "Unlikely"],
  [Relatedness.CONDITIONAL, "Conditional / unclassified"],
  [Relatedness.UNASSESSABLE, "Unassessable / unclassifiable"],
];

export const kActions: [ActionTaken, string][] = [
  [ActionTaken.NONE, "None"],
  [ActionTaken.TREATMENT_PAUSED, "Treatment paused"],
  [ActionTaken.TREATMENT_STOPPED, "Treatment stopped"],
  [ActionTaken.MEDICATION_GIVEN, "Medication given"],
  [ActionTaken.REFERRED, "Referred"],
  [ActionTaken.HOSPITALISED, "Hospitalised"],
  [ActionTaken.OTHER, "Other"],
];

export const kOutcomes: [EventOutcome, string][] = [
  [EventOutcome.RECOVERING, "Recovering"],
  [EventOutcome.RECOVERED, "Recovered"],
  [EventOutcome.RECOVERED_WITH_SEQUELAE, "Recovered with sequelae"],
  [EventOutcome.NOT_RECOVERED, "Not recovered"],
  [EventOutcome.FATAL, "Fatal"],
  [EventOutcome.UNKNOWN, "Unknown"],
];

export const kReporters: [ReporterKind, string][] = [
  [ReporterKind.PRACTITIONER, "I did (the practitioner)"],
  [ReporterKind.OTHER_STAFF, "Another member of staff"],
  [ReporterKind.PATIENT, "The patient"],
];

export const kGrades: [number, string][] = [
  [1, "1 · mild"],
  [2, "2 · moderate"],
  [3, "3 · severe"],
  [4, "4 · life-threatening"],
  [5, "5 · death"],
];

function labelOf<T>(list: [T, string][], value: T, none = "Not recorded"): string {
  return list.find(([v]) => v === value)?.[1] ?? none;
}

export const seriousnessLabel = (c: SeriousnessCriterion) => labelOf(kSeriousness, c);
export const relatednessLabel = (r: Relatedness) =>
  r === Relatedness.UNRELATED ? "Unrelated (before WHO-UMC)" : labelOf(kRelatedness, r);
export const actionLabel = (a: ActionTaken) => labelOf(kActions, a);
export const outcomeLabel = (o: EventOutcome) => labelOf(kOutcomes, o);
export const reporterLabel = (k: ReporterKind) =>
  k === ReporterKind.PRACTITIONER ? "Practitioner" : labelOf(kReporters, k, "Practitioner");
export const gradeLabel = (grade: number) => labelOf(kGrades, grade, "Unchanged");

// Still to follow: neither recovered nor ended.
export function isOpen(event: AdverseEvent): boolean {
  return ![
    EventOutcome.RECOVERED,
    EventOutcome.RECOVERED_WITH_SEQUELAE,
    EventOutcome.FATAL,
  ].includes(event.currentOutcome);
}

// The plugin's recommendation, stored as its enum name
// ("RECOMMENDED_ACTION_PAUSE_COURSE").
const kRecommendations: Record<string, string> = {
  CONTINUE: "Continue the course",
  MONITOR: "Go ahead, but check the event again before the next session",
  PAUSE_COURSE: "Postpone the next session until the event has resolved",
  STOP_TREATMENT: "End the course; manage the event",
  REFER: "End the course and refer the patient to a specialist",
  URGENT_CARE: "End the course and send the patient to urgent care now",
};

export function recommendationLabel(action: string): string {
  const key = action.replace(/^RECOMMENDED_ACTION_/, "");
  return kRecommendations[key] ?? (key ? key.toLowerCase().replace(/_/g, " ") : "None given");
}
