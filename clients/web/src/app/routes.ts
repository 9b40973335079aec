// Every screen of the app, gathered from its areas.

import { calendarRoutes } from "../views/calendar/routes";
import { todayRoutes } from "../views/today/routes";
import type { AppRoute } from "./app_route";

export const appRoutes: AppRoute[] = [...todayRoutes, ...calendarRoutes];
