// The app: the sign-in gate, then the shell (navigation for the member's
// role, the screen of the current address) under the screen lock.

import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { kSetupPasswordPath, SetupPasswordPage } from "../views/admin/setup_password_page";
import { DirectoryProvider } from "./clinic_directory";
import { ChangePasswordPage } from "./change_password_page";
import { PatientNamesProvider } from "./patient_names";
import { appRoutes } from "./routes";
import { roleLabel, SessionProvider, useSession, useMember } from "./session";
import { LockScreen, SignInPage } from "./sign_in_page";

function NotFound() {
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        This address is not a screen of the app, or your role cannot open it. <a href="/">Today</a>
      </p>
    </section>
  );
}

function Navigation() {
  const session = useSession();
  const member = useMember();
  const { path } = useLocation();
  const entries = appRoutes
    .filter((route) => route.nav && route.roles.includes(member.role))
    .sort((a, b) => a.nav!.order - b.nav!.order);
  const current = (route: (typeof entries)[number]) =>
    route.path === "/" ? path === "/" : path.startsWith(route.path.replace(/\/:.*$/, ""));
  return (
    <header class="app-bar">
      <nav aria-label="Main">
        <ul>
          <li>
            <strong>Mesoclinic</strong>
          </li>
        </ul>
        <ul>
          {entries.map((route) => (
            <li key={route.path}>
              <a href={route.path} aria-current={current(route) ? "page" : undefined}>
                {route.nav!.label}
              </a>
            </li>
          ))}
        </ul>
        <ul>
          <li>
            <span class="who">
              {member.displayName} · {roleLabel(member.role)}
            </span>
          </li>
          <li>
            <button class="secondary outline" onClick={() => session.signOut("You signed out.")}>
              Sign out
            </button>
          </li>
        </ul>
      </nav>
    </header>
  );
}

function Shell({ locked }: { locked: boolean }) {
  const member = useMember();
  return (
    <div class="shell" inert={locked} aria-hidden={locked}>
      <Navigation />
      <main class="container-fluid">
        <ErrorBoundary>
          <Router>
            {[
              ...appRoutes
                .filter((route) => route.roles.includes(member.role))
                .map((route) => <Route key={route.path} path={route.path} component={route.view} />),
              <Route key="not-found" default component={NotFound} />,
            ]}
          </Router>
        </ErrorBoundary>
      </main>
    </div>
  );
}

function Gate() {
  const { state } = useSession();
  const { path } = useLocation();
  // A new member's setup link works whoever is signed in at this browser,
  // or nobody.
  if (path === kSetupPasswordPath) return <SetupPasswordPage />;
  switch (state.kind) {
    case "checking":
      return (
        <main class="container narrow" aria-busy="true">
          Connecting to the clinic…
        </main>
      );
    case "signed-out":
      return <SignInPage notice={state.notice} />;
    case "must-change-password":
      return <ChangePasswordPage member={state.member} />;
    case "signed-in":
    case "locked":
      return (
        <DirectoryProvider>
          <PatientNamesProvider>
            <Shell locked={state.kind === "locked"} />
            {state.kind === "locked" && <LockScreen member={state.member} />}
          </PatientNamesProvider>
        </DirectoryProvider>
      );
  }
}

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </LocationProvider>
  );
}
