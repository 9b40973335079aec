import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { PatientChartPage } from "./patient_chart_page";
import { EditPatientPage, NewPatientPage } from "./patient_form_page";
import { PatientSearchPage } from "./patient_search_page";

// Admins manage the system, not patients: the server refuses them every
// patient record, so the screens are the front desk's and practitioners'.
const kRoles = [Role.FRONT_DESK, Role.PRACTITIONER];

export const patientsRoutes: AppRoute[] = [
  { path: "/patients", view: PatientSearchPage, roles: kRoles, nav: { label: "Patients", order: 20 } },
  // Before "/patients/:id", which would take "new" for an id.
  { path: "/patients/new", view: NewPatientPage, roles: kRoles },
  { path: "/patients/:id/edit", view: EditPatientPage, roles: kRoles },
  { path: "/patients/:id", view: PatientChartPage, roles: kRoles },
];
