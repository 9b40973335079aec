// Whether each group of a patient's medical facts is fresh enough for the
// clinic's protocols, by the server's rule: a group never confirmed is
// unknown (even when empty), and each protocol's required_facts says how
// many days may lie between the last confirmation and the session's day
// (0: confirmed on that day itself, checked at completion).

import { dayOf, toDate, today, type CivilDate } from "../../api/clinic_time";
import type { ClinicalFacts, FactConfirmation, FactGroup } from "../../gen/clinic/v1/patients_pb";
import type { GetTreatmentProtocolResponse } from "../../gen/clinic/v1/treatments_pb";

// The strictest need of any protocol for one group.
export interface FactNeed {
  maxAgeDays: number;
  treatmentType: string;
}

export type Freshness =
  | { kind: "never" }
  | { kind: "fresh"; ageDays: number; onTheDay?: boolean }
  | { kind: "on-the-day"; ageDays: number }
  | { kind: "stale"; ageDays: number; need: FactNeed };

// Fact groups share their numbers with clinic.plugin.v1.PatientFactGroup.
export function strictestNeeds(
  protocols: Iterable<GetTreatmentProtocolResponse>,
): Map<FactGroup, FactNeed> {
  const needs = new Map<FactGroup, FactNeed>();
  for (const answer of protocols) {
    const required = answer.protocol?.eligibilityCriteria?.requiredFacts ?? [];
    for (const fact of required) {
      const group = fact.group as number as FactGroup;
      const known = needs.get(group);
      if (!known || fact.maxAgeDays < known.maxAgeDays) {
        needs.set(group, {
          maxAgeDays: fact.maxAgeDays,
          treatmentType: answer.treatmentType?.displayName ?? "",
        });
      }
    }
  }
  return needs;
}

function daysBetween(from: CivilDate, to: CivilDate): number {
  const ms =
    Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day);
  return Math.round(ms / 86_400_000);
}

export function confirmationOf(
  facts: ClinicalFacts | undefined,
  group: FactGroup,
): FactConfirmation | undefined {
  return facts?.confirmations.find((c) => c.group === group);
}

export function freshnessOf(
  confirmation: FactConfirmation | undefined,
  need: FactNeed | undefined,
  zone: string,
): Freshness {
  const confirmed = toDate(confirmation?.confirmTime);
  if (!confirmed) return { kind: "never" };
  const ageDays = daysBetween(dayOf(confirmed, zone), today(zone));
  if (!need) return { kind: "fresh", ageDays };
  if (need.maxAgeDays === 0) {
    return ageDays === 0 ? { kind: "fresh", ageDays, onTheDay: true } : { kind: "on-the-day", ageDays };
  }
  return ageDays > need.maxAgeDays ? { kind: "stale", ageDays, need } : { kind: "fresh", ageDays };
}

function ago(days: number): string {
  return days === 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}

// The words beside a fact group: when it was confirmed and what it lacks.
export function freshnessText(freshness: Freshness): string {
  switch (freshness.kind) {
    case "never":
      return "Never confirmed with the patient: unknown until someone asks";
    case "fresh":
      return `Up to date (confirmed ${ago(freshness.ageDays)})${
        freshness.onTheDay ? "; asked again on the day of each session" : ""
      }`;
    case "on-the-day":
      return `Confirmed ${ago(freshness.ageDays)}: must be confirmed again on the day of each session`;
    case "stale":
      return (
        `Out of date: confirmed ${ago(freshness.ageDays)}, ` +
        `${freshness.need.treatmentType} needs it within ${freshness.need.maxAgeDays} days`
      );
  }
}

export function needsAttention(freshness: Freshness): boolean {
  return freshness.kind === "never" || freshness.kind === "stale";
}
