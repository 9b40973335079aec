import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { TodayPage } from "./today_page";

export const todayRoutes: AppRoute[] = [
  {
    path: "/",
    view: TodayPage,
    // An admin's first screen is the admin menu: the server does not show
    // admins the sessions.
    roles: [Role.FRONT_DESK, Role.PRACTITIONER],
    nav: { label: "Today", order: 0 },
  },
];
