// A screen of the app: where it lives, who sees it, and whether it is in
// the navigation. Each area of the app (src/views/<area>/routes.ts) exports
// its screens; src/app/routes.ts gathers them. The role only decides what is
// shown: the server still refuses whatever the role may not do.

import type { AnyComponent } from "preact";
import type { Role } from "../gen/clinic/v1/staff_pb";

export interface AppRoute {
  // A preact-iso pattern: "/patients/:id".
  path: string;
  view: AnyComponent<any>;
  roles: Role[];
  // In the navigation bar, under this label, in this order.
  nav?: { label: string; order: number };
}
