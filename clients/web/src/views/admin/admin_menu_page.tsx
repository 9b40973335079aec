// The admin's way into the clinic's set-up: one line per admin screen,
// saying what it is for.

import "./admin.css";

const kScreens = [
  { href: "/admin/staff", title: "Staff", what: "Members, their sign-in passwords and API keys; deactivation." },
  { href: "/admin/rooms", title: "Rooms", what: "The treatment rooms; taking one out of service." },
  { href: "/admin/hours", title: "Hours and closures", what: "Opening hours, the slot grid, practitioners' working hours, closures." },
  { href: "/admin/settings", title: "Clinic settings", what: "Time zone, jurisdiction, how long a sign-in may stay unused." },
  { href: "/admin/audit", title: "Audit trail", what: "Every call made to the server, and a check that none was altered." },
  { href: "/admin/plugins", title: "Treatment types", what: "The protocols the server's plugins bring: phases, products, limits." },
];

export function AdminMenuPage() {
  return (
    <section aria-labelledby="admin-title" class="admin">
      <h1 id="admin-title">Admin</h1>
      <ul class="admin-menu">
        {kScreens.map((screen) => (
          <li key={screen.href}>
            <a href={screen.href}>{screen.title}</a>
            <span>{screen.what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
