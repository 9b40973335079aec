// Every screen of the app, gathered from its areas.

import { bookingRoutes } from "../views/booking/routes";
import { todayRoutes } from "../views/today/routes";
import type { AppRoute } from "./app_route";

export const appRoutes: AppRoute[] = [...todayRoutes, ...bookingRoutes];
