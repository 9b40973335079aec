// Who is signed in at this browser, and the screen lock.
//
// The session itself is an HttpOnly cookie the page cannot read: the app
// learns whether it has one by asking (StaffService.GetCaller). The server
// ends a session after the clinic's idle timeout without a call; the app
// locks its screen at the same moment of no input, signs the session out,
// and keeps what was on screen (a half-written treatment record survives)
// behind the lock until the same member signs in again.

import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Duration } from "@bufbuild/protobuf/wkt";
import { createApi, newRequestId, type Api } from "../api/clients";
import { refusalOf } from "../api/refusal";
import { Role, type StaffMember } from "../gen/clinic/v1/staff_pb";

export type SessionState =
  | { kind: "checking" }
  | { kind: "signed-out"; notice?: string }
  | { kind: "must-change-password"; member: StaffMember }
  | { kind: "signed-in"; member: StaffMember }
  | { kind: "locked"; member: StaffMember };

export interface Session {
  state: SessionState;
  api: Api;
  // The clinic's idle timeout, once known.
  idleTimeoutMs: number;
  signedIn(member: StaffMember, mustChangePassword: boolean, idleTimeout?: Duration): void;
  passwordChanged(member: StaffMember): void;
  signOut(notice?: string): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside <SessionProvider>");
  return session;
}

// The signed-in member; only inside the signed-in part of the app.
export function useMember(): StaffMember {
  const { state } = useSession();
  if (state.kind !== "signed-in" && state.kind !== "locked") {
    throw new Error("useMember without a signed-in member");
  }
  return state.member;
}

export function hasRole(member: StaffMember, ...roles: Role[]): boolean {
  return roles.includes(member.role);
}

export function roleLabel(role: Role): string {
  switch (role) {
    case Role.FRONT_DESK:
      return "Front desk";
    case Role.PRACTITIONER:
      return "Practitioner";
    case Role.ADMIN:
      return "Admin";
    default:
      return "Unknown role";
  }
}

const kDefaultIdleMs = 15 * 60 * 1000;

export function durationMs(duration: Duration | undefined): number | undefined {
  if (!duration) return undefined;
  return Number(duration.seconds) * 1000 + Math.round(duration.nanos / 1e6);
}

const kInputEvents = ["pointerdown", "keydown", "wheel", "touchstart"] as const;

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ kind: "checking" });
  const [idleTimeoutMs, setIdleTimeoutMs] = useState(kDefaultIdleMs);
  const stateRef = useRef(state);
  stateRef.current = state;
  const lastCall = useRef(Date.now());
  const lastInput = useRef(Date.now());

  const api = useMemo(
    () =>
      createApi({
        onAnswered: () => {
          lastCall.current = Date.now();
        },
        onSessionEnded: () => {
          const current = stateRef.current;
          if (current.kind === "signed-in" || current.kind === "must-change-password") {
            setState({ kind: "signed-out", notice: "Your session ended: sign in again." });
          }
        },
      }),
    [],
  );

  // Is there a session already (a reload, a second tab)?
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const caller = await api.staff.getCaller({});
        const settings = await api.clinic.getClinicSettings({});
        if (cancelled || !caller.staffMember) return;
        setIdleTimeoutMs(durationMs(settings.settings?.signInIdleTimeout) ?? kDefaultIdleMs);
        setState({ kind: "signed-in", member: caller.staffMember });
      } catch (error) {
        if (cancelled) return;
        const refusal = refusalOf(error);
        if (refusal.reason === "PASSWORD_CHANGE_REQUIRED") {
          // GetCaller is allowed then, so this came from the settings.
          const caller = await api.staff.getCaller({}).catch(() => undefined);
          if (caller?.staffMember) {
            setState({ kind: "must-change-password", member: caller.staffMember });
            return;
          }
        }
        setState({ kind: "signed-out" });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api]);

  const signOut = useCallback(
    async (notice?: string) => {
      try {
        await api.signIn.signOut({ requestId: newRequestId() });
      } catch (error) {
        // Already ended on the server: nothing more to end.
        if (ConnectError.from(error).code !== Code.Unauthenticated) throw error;
      }
      setState({ kind: "signed-out", notice });
    },
    [api],
  );

  // The lock: no input for the idle timeout. While the member is busy on a
  // form without calls, a light call keeps the server's session alive.
  useEffect(() => {
    if (state.kind !== "signed-in") return;
    const noteInput = () => {
      lastInput.current = Date.now();
    };
    for (const event of kInputEvents) {
      window.addEventListener(event, noteInput, { passive: true, capture: true });
    }
    lastInput.current = Date.now();
    const member = state.member;
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastInput.current >= idleTimeoutMs) {
        setState({ kind: "locked", member });
        api.signIn.signOut({ requestId: newRequestId() }).catch(() => {});
        return;
      }
      if (lastInput.current > lastCall.current && now - lastCall.current >= idleTimeoutMs / 2) {
        api.staff.getCaller({}).catch(() => {});
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const event of kInputEvents) {
        window.removeEventListener(event, noteInput, { capture: true });
      }
    };
  }, [state, idleTimeoutMs, api]);

  const session: Session = {
    state,
    api,
    idleTimeoutMs,
    signedIn: (member, mustChangePassword, idleTimeout) => {
      setIdleTimeoutMs(durationMs(idleTimeout) ?? kDefaultIdleMs);
      lastInput.current = Date.now();
      setState(
        mustChangePassword
          ? { kind: "must-change-password", member }
          : { kind: "signed-in", member },
      );
    },
    passwordChanged: (member) => setState({ kind: "signed-in", member }),
    signOut,
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
