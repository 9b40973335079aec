// The treatment room and safety: completing a session, reporting and
// following adverse events, and the safety officer's view.

import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { AdverseEventPage } from "./adverse_event_page";
import { CompleteSessionPage } from "./complete_session_page";
import { ReportAdverseEventPage } from "./report_adverse_event_page";
import { SafetyPage } from "./safety_page";

export const treatmentRoutes: AppRoute[] = [
  { path: "/sessions/:id/complete", view: CompleteSessionPage, roles: [Role.PRACTITIONER] },
  // Before /adverse-events/:id, which would take "new" for an id.
  { path: "/adverse-events/new", view: ReportAdverseEventPage, roles: [Role.PRACTITIONER] },
  { path: "/adverse-events/:id", view: AdverseEventPage, roles: [Role.PRACTITIONER] },
  {
    path: "/safety",
    view: SafetyPage,
    roles: [Role.PRACTITIONER, Role.ADMIN],
    nav: { label: "Safety", order: 60 },
  },
];
