import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { TodayPage } from "./today_page";

export const todayRoutes: AppRoute[] = [
  {
    path: "/",
    view: TodayPage,
    roles: [Role.FRONT_DESK, Role.PRACTITIONER, Role.ADMIN],
    nav: { label: "Today", order: 0 },
  },
];
