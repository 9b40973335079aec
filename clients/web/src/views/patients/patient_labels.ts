// The words the patients screens show for the API's enums: every state is
// said in text, never by colour alone.

import { ConsentMethod, ConsentSigner, ConsentState } from "../../gen/clinic/v1/consent_pb";
import { CourseState } from "../../gen/clinic/v1/scheduling_pb";
import {
  AllergySeverity,
  FactGroup,
  PregnancyStatus,
  Sex,
  type Patient,
} from "../../gen/clinic/v1/patients_pb";

export const kSexOptions: [Sex, string][] = [
  [Sex.FEMALE, "Female"],
  [Sex.MALE, "Male"],
  [Sex.OTHER, "Other"],
  [Sex.UNKNOWN, "Unknown"],
];

export const kPregnancyOptions: [PregnancyStatus, string][] = [
  [PregnancyStatus.UNSPECIFIED, "Not asked"],
  [PregnancyStatus.NOT_PREGNANT, "Not pregnant, not breastfeeding"],
  [PregnancyStatus.PREGNANT, "Pregnant"],
  [PregnancyStatus.BREASTFEEDING, "Breastfeeding"],
  [PregnancyStatus.UNKNOWN, "Does not know (treated as possibly pregnant)"],
];

export const kSeverityOptions: [AllergySeverity, string][] = [
  [AllergySeverity.UNSPECIFIED, "Not stated"],
  [AllergySeverity.MILD, "Mild"],
  [AllergySeverity.MODERATE, "Moderate"],
  [AllergySeverity.SEVERE, "Severe"],
];

// The fact groups in the order the form asks them.
export const kFactGroups: [FactGroup, string][] = [
  [FactGroup.PREGNANCY_STATUS, "Pregnancy status"],
  [FactGroup.MEDICATIONS, "Medications"],
  [FactGroup.ALLERGIES, "Allergies"],
  [FactGroup.CONDITIONS, "Conditions"],
  [FactGroup.BODY_MEASUREMENTS, "Height and weight"],
];

export function optionLabel<T>(options: [T, string][], value: T): string {
  return options.find(([v]) => v === value)?.[1] ?? "Unknown";
}

export function factGroupLabel(group: FactGroup): string {
  return optionLabel(kFactGroups, group);
}

const kConsentStates: [ConsentState, string][] = [
  [ConsentState.ACTIVE, "Active"],
  [ConsentState.EXPIRED, "Expired"],
  [ConsentState.WITHDRAWN, "Withdrawn"],
  [ConsentState.SUPERSEDED, "Superseded: must consent again"],
];

export function consentStateLabel(state: ConsentState): string {
  return optionLabel(kConsentStates, state);
}

const kCourseStates: [CourseState, string][] = [
  [CourseState.ACTIVE, "Active"],
  [CourseState.SUSPENDED, "Suspended by a safety hold"],
  [CourseState.STOPPED, "Stopped"],
];

export function courseStateLabel(state: CourseState): string {
  return optionLabel(kCourseStates, state);
}

export function consentSignerLabel(signer: ConsentSigner): string {
  return signer === ConsentSigner.GUARDIAN ? "Guardian" : "Patient";
}

export function consentMethodLabel(method: ConsentMethod): string {
  return method === ConsentMethod.ELECTRONIC ? "Electronic" : "Paper";
}

export function patientName(patient: Patient): string {
  return `${patient.givenName} ${patient.familyName}`;
}

// "patients/abc" -> "abc", for the app's addresses.
export function bareId(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

// A lower_snake code as words: "active_skin_infection" -> "active skin infection".
export function codeWords(code: string): string {
  return code.replace(/_/g, " ");
}
