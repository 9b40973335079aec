// Where a refused booking is shown, and in which plain words: a refusal
// about the patient goes beside the patient, one about the chosen time
// beside the free times, one about the treatment beside the treatment type.
// The reason code decides (src/api/refusal.ts), never the English.

import { parseIsoDay, type CivilDate } from "../../api/clinic_time";
import { headline, type Refusal } from "../../api/refusal";

export type BookingPlace = "patient" | "type" | "slot" | "course";

const kPlaces: Record<string, BookingPlace> = {
  PATIENT_ARCHIVED: "patient",
  PATIENT_NOT_ELIGIBLE: "patient",
  CONSENT_MISSING: "patient",
  SCREENING_INCOMPLETE: "patient",
  PATIENT_SAFETY_HOLD: "patient",
  TREATMENT_FORBIDDEN_IN_JURISDICTION: "type",
  COURSE_SUSPENDED: "type",
  COURSE_STOPPED: "type",
  COURSE_FULL: "type",
  PLUGIN_SUSPENDED: "type",
  PLUGIN_TIMEOUT: "type",
  PLUGIN_FAILED: "type",
  SLOT_TAKEN: "slot",
  OUTSIDE_HOURS: "slot",
  CLOSED: "slot",
  START_OUT_OF_RANGE: "slot",
  OFF_SLOT_GRID: "slot",
  INTERVAL_OUTSIDE_PROTOCOL: "slot",
  ROOM_OUT_OF_SERVICE: "slot",
  PRACTITIONER_UNAVAILABLE: "slot",
  COURSE_CONFLICTS: "course",
};

export function placeOf(refusal: Refusal | undefined): BookingPlace | undefined {
  return refusal ? kPlaces[refusal.reason] : undefined;
}

// The fact groups a protocol asks about, as a practitioner asks them.
const kFactWords: Record<string, string> = {
  pregnancy_status: "pregnancy status",
  medications: "medications (and when last taken)",
  allergies: "allergies",
  conditions: "medical conditions",
  body_measurements: "height and weight",
  "height_cm/weight_kg": "height and weight",
  height_cm: "height",
  weight_kg: "weight",
};

// "patient.clinical_facts.medications" -> "medications (and when last taken)"
function factWords(path: string): string {
  const last = path.split(".").pop() ?? path;
  return kFactWords[last] ?? last.replace(/_/g, " ");
}

// The server's particulars name resources ("patients/abc") and methods
// ("(RecordConsent)"): `nameOf` turns the names into the words on screen.
function plainMessage(message: string, nameOf: (name: string) => string): string {
  const plain = message
    .replace(/^[a-z_.\[\]0-9]+( \([^)]*\))?: /, "")
    .replace(/\bsessions\/[a-z0-9_-]+/g, "a session")
    .replace(/\b(patients|staff|rooms|treatmentTypes)\/[a-z0-9_-]+/g, (name) => nameOf(name))
    .replace(/ \([A-Z][A-Za-z]+\)/g, "");
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

// The lines shown beside the field the refusal concerns: its headline,
// then what the details say in plain words.
export function refusalLines(refusal: Refusal, nameOf: (name: string) => string): string[] {
  const lines = [`${headline(refusal)}.`];
  if (refusal.reason === "SCREENING_INCOMPLETE" && refusal.fields.size > 0) {
    for (const [path, descriptions] of refusal.fields) {
      lines.push(`Ask about ${factWords(path)}: ${descriptions.join("; ")}.`);
    }
    const recorders = refusal.metadata["recorded_by"];
    if (recorders) {
      lines.push(`Only a ${recorders.split(",").join(" or an ")} can record these facts.`);
    }
    return lines;
  }
  if (refusal.message) lines.push(plainMessage(refusal.message, nameOf));
  return lines;
}

// The day an INTERVAL_OUTSIDE_PROTOCOL refusal names: the earliest day a
// session may take (or, before a later session, the latest).
export function intervalLimit(
  refusal: Refusal | undefined,
): { day: CivilDate; earliest: boolean } | undefined {
  if (refusal?.reason !== "INTERVAL_OUTSIDE_PROTOCOL") return undefined;
  const earliest = /earliest day allowed is (\d{4}-\d{2}-\d{2})/.exec(refusal.message);
  if (earliest) {
    const day = parseIsoDay(earliest[1]);
    return day && { day, earliest: true };
  }
  const latest = /latest day allowed before it is (\d{4}-\d{2}-\d{2})/.exec(refusal.message);
  const day = latest ? parseIsoDay(latest[1]) : undefined;
  return day && { day, earliest: false };
}

// "patients/abc" -> "abc", for addresses of the app.
export function bareId(name: string): string {
  return name.slice(name.indexOf("/") + 1);
}
