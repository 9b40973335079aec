// Who the patient is and how to reach them: what the front desk registers
// and keeps up to date.

import { create } from "@bufbuild/protobuf";
import { isoDay, parseIsoDay } from "../../api/clinic_time";
import { fieldProblems, type Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import { DateSchema } from "../../gen/clinic/v1/common_pb";
import {
  ContactInfoSchema,
  EmergencyContactSchema,
  PostalAddressSchema,
  Sex,
  type ContactInfo,
  type EmergencyContact,
  type Patient,
  type PostalAddress,
} from "../../gen/clinic/v1/patients_pb";
import { kSexOptions } from "./patient_labels";
import { TextField } from "./text_field";

export interface DraftProps {
  draft: Patient;
  change(edit: (copy: Patient) => void): void;
  refusal: Refusal | undefined;
}

// The paths these fields show problems for (the rest go to the notice).
export const kDetailsPaths = [
  "patient.given_name",
  "patient.family_name",
  "patient.date_of_birth",
  "patient.sex",
  "patient.contact",
  "patient.emergency_contact",
];

function contactOf(patient: Patient): ContactInfo {
  return (patient.contact ??= create(ContactInfoSchema));
}

function addressOf(patient: Patient): PostalAddress {
  return (contactOf(patient).address ??= create(PostalAddressSchema));
}

function emergencyOf(patient: Patient): EmergencyContact {
  return (patient.emergencyContact ??= create(EmergencyContactSchema));
}

export function PatientDetailsFields({ draft, change, refusal }: DraftProps) {
  const contact = draft.contact;
  const address = contact?.address;
  const emergency = draft.emergencyContact;
  const text = (
    label: string,
    path: string,
    value: string | undefined,
    set: (copy: Patient, value: string) => void,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
  ) => (
    <TextField
      label={label}
      path={`patient.${path}`}
      refusal={refusal}
      value={value ?? ""}
      onValue={(value) => change((copy) => set(copy, value))}
      {...extra}
    />
  );
  return (
    <>
      <fieldset>
        <legend>Identity</legend>
        <div class="grid">
          {text("Given name", "given_name", draft.givenName, (p, v) => (p.givenName = v), {
            required: true,
            autocomplete: "off",
          })}
          {text("Family name", "family_name", draft.familyName, (p, v) => (p.familyName = v), {
            required: true,
          })}
        </div>
        <div class="grid">
          <Field
            label="Date of birth"
            problems={fieldProblems(refusal, "patient.date_of_birth")}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                required
                aria-required="true"
                value={draft.dateOfBirth && draft.dateOfBirth.year ? isoDay(draft.dateOfBirth) : ""}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  change((copy) => (copy.dateOfBirth = parseIsoDay(value) ?? create(DateSchema)));
                }}
              />
            )}
          </Field>
          <Field label="Sex" problems={fieldProblems(refusal, "patient.sex")}>
            {(control) => (
              <select
                {...control}
                required
                aria-required="true"
                value={String(draft.sex)}
                onChange={(e) => {
                  const value = Number(e.currentTarget.value) as Sex;
                  change((copy) => (copy.sex = value));
                }}
              >
                <option value={String(Sex.UNSPECIFIED)}>Choose…</option>
                {kSexOptions.map(([value, label]) => (
                  <option key={value} value={String(value)}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <div class="grid">
          {text("Phone", "contact.phone", contact?.phone, (p, v) => (contactOf(p).phone = v), {
            type: "tel",
            hint: "7 to 15 digits; a leading + for abroad",
          })}
          {text("E-mail", "contact.email", contact?.email, (p, v) => (contactOf(p).email = v), {
            type: "email",
          })}
        </div>
        {text("Address", "contact.address.line1", address?.line1, (p, v) => (addressOf(p).line1 = v))}
        {text(
          "Address, second line",
          "contact.address.line2",
          address?.line2,
          (p, v) => (addressOf(p).line2 = v),
        )}
        <div class="grid">
          {text(
            "Postal code",
            "contact.address.postal_code",
            address?.postalCode,
            (p, v) => (addressOf(p).postalCode = v),
          )}
          {text("City", "contact.address.city", address?.city, (p, v) => (addressOf(p).city = v))}
          {text(
            "Region",
            "contact.address.region",
            address?.region,
            (p, v) => (addressOf(p).region = v),
          )}
          {text(
            "Country code",
            "contact.address.country_code",
            address?.countryCode,
            (p, v) => (addressOf(p).countryCode = v.toUpperCase()),
            { hint: "Two letters, such as FR", inputProps: { maxLength: 2 } },
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>Emergency contact</legend>
        <div class="grid">
          {text(
            "Emergency contact's name",
            "emergency_contact.name",
            emergency?.name,
            (p, v) => (emergencyOf(p).name = v),
          )}
          {text(
            "Relationship",
            "emergency_contact.relationship",
            emergency?.relationship,
            (p, v) => (emergencyOf(p).relationship = v),
          )}
          {text(
            "Emergency contact's phone",
            "emergency_contact.phone",
            emergency?.phone,
            (p, v) => (emergencyOf(p).phone = v),
            { type: "tel" },
          )}
        </div>
      </fieldset>
    </>
  );
}
