// What a refused call means, read from the server's error details rather
// than its English: the reason code (google.rpc.ErrorInfo) picks the plain
// words, the field violations (google.rpc.BadRequest) go beside the fields
// they name, and RetryInfo says when to try again.

import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../gen/google/rpc/error_details_pb";

export interface Refusal {
  code: Code;
  // The server's message, for people; always shown, since it names the
  // session, the fact or the day concerned.
  message: string;
  // "SLOT_TAKEN", "CONSENT_MISSING"...; empty when the server gave none.
  reason: string;
  metadata: Record<string, string>;
  // Request field path ("patient.given_name") to what is wrong with it.
  fields: Map<string, string[]>;
  // Milliseconds to wait before trying again, when the server said.
  retryAfterMs?: number;
}

export function refusalOf(error: unknown): Refusal {
  const connectError = ConnectError.from(error);
  const fields = new Map<string, string[]>();
  let reason = "";
  let metadata: Record<string, string> = {};
  let retryAfterMs: number | undefined;
  for (const info of connectError.findDetails(ErrorInfoSchema)) {
    reason = info.reason;
    metadata = { ...info.metadata };
  }
  for (const badRequest of connectError.findDetails(BadRequestSchema)) {
    for (const violation of badRequest.fieldViolations) {
      const list = fields.get(violation.field) ?? [];
      list.push(violation.description);
      fields.set(violation.field, list);
    }
  }
  for (const retry of connectError.findDetails(RetryInfoSchema)) {
    if (retry.retryDelay) {
      retryAfterMs =
        Number(retry.retryDelay.seconds) * 1000 +
        Math.round(retry.retryDelay.nanos / 1e6);
    }
  }
  return {
    code: connectError.code,
    message: connectError.rawMessage,
    reason,
    metadata,
    fields,
    retryAfterMs,
  };
}

// What is wrong with `field` or anything inside it ("patient" collects
// "patient.given_name" too), or undefined.
export function fieldProblems(
  refusal: Refusal | undefined,
  field: string,
): string[] | undefined {
  if (!refusal) return undefined;
  const found: string[] = [];
  for (const [path, descriptions] of refusal.fields) {
    if (
      path === field ||
      path.startsWith(`${field}.`) ||
      path.startsWith(`${field}[`)
    ) {
      found.push(...descriptions);
    }
  }
  return found.length ? found : undefined;
}

// A headline in plain words for each reason a front desk or a practitioner
// meets; the server's message follows it with the particulars.
const kHeadlines: Record<string, string> = {
  INVALID_FIELD: "Some details need correcting",
  REQUEST_ID_REUSED: "This was already sent with different details",
  ETAG_MISMATCH:
    "Someone else changed this record meanwhile: reload it and try again",
  OVERLOADED: "The server is busy: try again in a moment",
  OUTCOME_UNKNOWN:
    "The server could not confirm whether this was saved: check before repeating it",
  STORAGE_UNAVAILABLE: "The clinic's records cannot be reached right now",
  STORAGE_FULL: "The server's disk is full: tell the clinic's administrator",
  PLUGIN_SUSPENDED: "This treatment type is switched off on the server",
  PLUGIN_TIMEOUT: "The treatment type's rules did not answer in time",
  PLUGIN_FAILED: "The treatment type's rules failed",
  PATIENT_ARCHIVED: "The patient is archived",
  PATIENT_NOT_ELIGIBLE: "The patient cannot have this treatment",
  TREATMENT_FORBIDDEN_IN_JURISDICTION:
    "This treatment is not allowed where the clinic practises",
  CONSENT_MISSING: "The patient has no current consent for this treatment",
  SCREENING_INCOMPLETE: "Some screening questions are unanswered or out of date",
  SLOT_TAKEN: "That time is already taken",
  OUTSIDE_HOURS: "That time is outside opening or working hours",
  CLOSED: "The clinic is closed then",
  START_OUT_OF_RANGE: "That start time is too far ahead or in the past",
  OFF_SLOT_GRID: "Sessions start on the clinic's slot grid",
  INTERVAL_OUTSIDE_PROTOCOL:
    "Too close to (or too far from) the patient's other sessions",
  COURSE_FULL: "The course has all its sessions",
  COURSE_SUSPENDED: "The course is suspended by a safety hold",
  PATIENT_SAFETY_HOLD: "The patient is on a safety hold",
  COURSE_STOPPED: "The course is stopped",
  COURSE_CONFLICTS: "Some of the course's sessions cannot be placed",
  REFLOW_IMPOSSIBLE: "The later sessions of the course cannot be moved to fit",
  SESSION_STATE_CONFLICT: "The session is not in a state that allows this",
  NOT_SESSION_DAY: "This can only be done on the session's day",
  SESSION_NOT_STARTED: "The session has not started yet",
  ROOM_OUT_OF_SERVICE: "The room is out of service",
  PRACTITIONER_UNAVAILABLE: "The practitioner is not available",
  TREATMENT_RECORD_INVALID: "The treatment record breaks the protocol",
  TREATMENT_DAY_CHECKS_FAILED: "The day-of checks stop this treatment",
  SESSION_FLAGGED: "The session is flagged for review",
  CHECKLIST_INCOMPLETE: "The day-of checklist is incomplete",
  CHECKLIST_BLOCKS_TREATMENT: "An answer on the day-of checklist rules out treatment today",
  HOLD_ALREADY_REVIEWED: "Someone already reviewed this hold",
  SIGN_IN_FAILED: "E-mail or password is wrong",
  SIGN_IN_THROTTLED: "Too many attempts: wait before trying again",
  ACCOUNT_LOCKED: "Signing in is locked for a while after repeated failures",
  PASSWORD_CHANGE_REQUIRED: "Choose a new password first",
};

const kCodeHeadlines: Partial<Record<Code, string>> = {
  [Code.PermissionDenied]: "Your role may not do this",
  [Code.NotFound]: "Not found",
  [Code.AlreadyExists]: "This already exists",
  [Code.Unauthenticated]: "Sign in again",
  [Code.Unavailable]: "The server cannot be reached: check the connection",
  [Code.DeadlineExceeded]: "The server took too long to answer",
  [Code.ResourceExhausted]: "The server is busy: try again in a moment",
  [Code.Internal]: "Something went wrong on the server",
};

export function headline(refusal: Refusal): string {
  return (
    kHeadlines[refusal.reason] ??
    kCodeHeadlines[refusal.code] ??
    "The server refused this"
  );
}
