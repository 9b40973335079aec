// Every method of clinic.v1 by its full name ("/clinic.v1.StaffService/
// CreateStaffMember"), read from the generated services, for the audit
// trail's method filter.

import type { DescService } from "@bufbuild/protobuf";
import { AdverseEventService } from "../../gen/clinic/v1/adverse_events_pb";
import { AuditService } from "../../gen/clinic/v1/audit_pb";
import { ClinicService } from "../../gen/clinic/v1/clinic_pb";
import { ConsentService } from "../../gen/clinic/v1/consent_pb";
import { PatientService } from "../../gen/clinic/v1/patients_pb";
import { SchedulingService } from "../../gen/clinic/v1/scheduling_pb";
import { SignInService } from "../../gen/clinic/v1/sign_in_pb";
import { StaffService } from "../../gen/clinic/v1/staff_pb";
import { TreatmentService } from "../../gen/clinic/v1/treatments_pb";

const kServices: DescService[] = [
  AdverseEventService,
  AuditService,
  ClinicService,
  ConsentService,
  PatientService,
  SchedulingService,
  SignInService,
  StaffService,
  TreatmentService,
];

export const kAuditMethods: string[] = kServices
  .flatMap((service) => service.methods.map((method) => `/${service.typeName}/${method.name}`))
  .sort();

// "/clinic.v1.StaffService/CreateStaffMember" -> "StaffService · CreateStaffMember"
export function shortMethod(method: string): string {
  const match = /^\/clinic\.v1\.([^/]+)\/(.+)$/.exec(method);
  return match ? `${match[1]} · ${match[2]}` : method;
}
