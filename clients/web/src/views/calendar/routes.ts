import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { ArrivalsPage } from "./arrivals_page";
import { CalendarPage } from "./calendar_page";
import { SessionPage } from "./session_page";

// Admins are left out: the server lets only the front desk and
// practitioners read sessions (ListSessions, WatchSchedule, GetSession).
export const calendarRoutes: AppRoute[] = [
  {
    path: "/calendar",
    view: CalendarPage,
    roles: [Role.FRONT_DESK, Role.PRACTITIONER],
    nav: { label: "Calendar", order: 10 },
  },
  {
    path: "/arrivals",
    view: ArrivalsPage,
    roles: [Role.FRONT_DESK],
    nav: { label: "Arrivals", order: 11 },
  },
  {
    path: "/sessions/:id",
    view: SessionPage,
    roles: [Role.FRONT_DESK, Role.PRACTITIONER],
  },
];
