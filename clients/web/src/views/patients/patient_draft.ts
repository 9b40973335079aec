// A patient being registered or edited, kept as the generated Patient
// message itself, and what an UpdatePatient must name to change exactly
// what the person changed (update_mask paths; a named field is replaced
// whole, so only changed fields are named).

import { clone, create, equals, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { DateSchema } from "../../gen/clinic/v1/common_pb";
import {
  ClinicalFactsSchema,
  ContactInfoSchema,
  EmergencyContactSchema,
  PatientSchema,
  type ClinicalFacts,
  type Patient,
} from "../../gen/clinic/v1/patients_pb";

export function newPatientDraft(withFacts: boolean): Patient {
  return create(PatientSchema, withFacts ? { clinicalFacts: {} } : {});
}

// A copy of `draft` with `change` applied (state must never be mutated).
export function changed(draft: Patient, change: (copy: Patient) => void): Patient {
  const copy = clone(PatientSchema, draft);
  change(copy);
  return copy;
}

function same<Desc extends DescMessage>(
  schema: Desc,
  a: MessageShape<Desc> | undefined,
  b: MessageShape<Desc> | undefined,
): boolean {
  return equals(schema, a ?? create(schema), b ?? create(schema));
}

function factsOnly(init: MessageInitShape<typeof ClinicalFactsSchema>): ClinicalFacts {
  return create(ClinicalFactsSchema, init);
}

// The paths of the fields that differ, the clinical ones only when the
// caller may set them (the front desk is refused a mask naming them).
export function changedPaths(original: Patient, draft: Patient, clinical: boolean): string[] {
  const paths: string[] = [];
  if (original.givenName !== draft.givenName) paths.push("given_name");
  if (original.familyName !== draft.familyName) paths.push("family_name");
  if (!same(DateSchema, original.dateOfBirth, draft.dateOfBirth)) paths.push("date_of_birth");
  if (original.sex !== draft.sex) paths.push("sex");
  if (!same(ContactInfoSchema, original.contact, draft.contact)) paths.push("contact");
  if (!same(EmergencyContactSchema, original.emergencyContact, draft.emergencyContact)) {
    paths.push("emergency_contact");
  }
  if (!clinical) return paths;
  if (original.notes !== draft.notes) paths.push("notes");
  const before = original.clinicalFacts ?? factsOnly({});
  const after = draft.clinicalFacts ?? factsOnly({});
  if (before.pregnancyStatus !== after.pregnancyStatus) {
    paths.push("clinical_facts.pregnancy_status");
  }
  const lists = [
    ["medications", before.medications, after.medications],
    ["allergies", before.allergies, after.allergies],
    ["conditions", before.conditions, after.conditions],
  ] as const;
  for (const [field, a, b] of lists) {
    if (!same(ClinicalFactsSchema, factsOnly({ [field]: a }), factsOnly({ [field]: b }))) {
      paths.push(`clinical_facts.${field}`);
    }
  }
  if (before.heightCm !== after.heightCm) paths.push("clinical_facts.height_cm");
  if (before.weightKg !== after.weightKg) paths.push("clinical_facts.weight_kg");
  return paths;
}
