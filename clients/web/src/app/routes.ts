// Every screen of the app, gathered from its areas.

import { adminRoutes } from "../views/admin/routes";
import { bookingRoutes } from "../views/booking/routes";
import { calendarRoutes } from "../views/calendar/routes";
import { patientsRoutes } from "../views/patients/routes";
import { todayRoutes } from "../views/today/routes";
import { treatmentRoutes } from "../views/treatment/routes";
import type { AppRoute } from "./app_route";

export const appRoutes: AppRoute[] = [
  ...todayRoutes,
  ...calendarRoutes,
  ...patientsRoutes,
  ...bookingRoutes,
  ...treatmentRoutes,
  ...adminRoutes,
];
