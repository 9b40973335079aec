import type { AppRoute } from "../../app/app_route";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { AdminMenuPage } from "./admin_menu_page";
import { AuditPage } from "./audit_page";
import { HoursPage } from "./hours_page";
import { PluginsPage } from "./plugins_page";
import { RoomsPage } from "./rooms_page";
import { SettingsPage } from "./settings_page";
import { StaffMemberPage } from "./staff_member_page";
import { StaffPage } from "./staff_page";

const admins = [Role.ADMIN];

// The setup-password page is public: it is shown before the sign-in gate
// (see SetupPasswordPage), not through these routes.
export const adminRoutes: AppRoute[] = [
  { path: "/admin", view: AdminMenuPage, roles: admins, nav: { label: "Admin", order: 90 } },
  { path: "/", view: AdminMenuPage, roles: admins },
  { path: "/admin/staff", view: StaffPage, roles: admins },
  { path: "/admin/staff/:id", view: StaffMemberPage, roles: admins },
  { path: "/admin/rooms", view: RoomsPage, roles: admins },
  { path: "/admin/hours", view: HoursPage, roles: admins },
  { path: "/admin/settings", view: SettingsPage, roles: admins },
  { path: "/admin/audit", view: AuditPage, roles: admins },
  { path: "/admin/plugins", view: PluginsPage, roles: admins },
];
