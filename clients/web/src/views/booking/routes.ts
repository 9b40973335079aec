import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { BookPage } from "./book_page";

// Admins are left out: the role matrix lets them neither find slots, book,
// nor read patients, so the screen could only show refusals.
export const bookingRoutes: AppRoute[] = [
  {
    path: "/book",
    view: BookPage,
    roles: [Role.FRONT_DESK, Role.PRACTITIONER],
    nav: { label: "Book", order: 20 },
  },
];
