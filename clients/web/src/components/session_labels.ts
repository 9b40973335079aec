import { SessionKind, SessionState } from "../gen/clinic/v1/scheduling_pb";

export function sessionStateLabel(state: SessionState): string {
  switch (state) {
    case SessionState.BOOKED:
      return "Booked";
    case SessionState.CHECKED_IN:
      return "Checked in";
    case SessionState.COMPLETED:
      return "Completed";
    case SessionState.CANCELLED:
      return "Cancelled";
    case SessionState.NO_SHOW:
      return "No-show";
    default:
      return "Unknown";
  }
}

export function sessionKindLabel(kind: SessionKind): string {
  return kind === SessionKind.CONSULTATION ? "Consultation" : "Treatment";
}
