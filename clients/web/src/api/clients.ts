// One Connect client per clinic.v1 service, over one transport to the
// clinicd that served this page. Calls carry the staff session's HttpOnly
// cookie (same origin) and Connect-Protocol-Version: 1, which the server
// requires of a call made with the cookie.

import {
  Code,
  ConnectError,
  createClient,
  type Client,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { AdverseEventService } from "../gen/clinic/v1/adverse_events_pb";
import { AuditService } from "../gen/clinic/v1/audit_pb";
import { ClinicService } from "../gen/clinic/v1/clinic_pb";
import { ConsentService } from "../gen/clinic/v1/consent_pb";
import { PatientService } from "../gen/clinic/v1/patients_pb";
import { SchedulingService } from "../gen/clinic/v1/scheduling_pb";
import { SignInService } from "../gen/clinic/v1/sign_in_pb";
import { StaffService } from "../gen/clinic/v1/staff_pb";
import { TreatmentService } from "../gen/clinic/v1/treatments_pb";

export interface Api {
  adverseEvents: Client<typeof AdverseEventService>;
  audit: Client<typeof AuditService>;
  clinic: Client<typeof ClinicService>;
  consents: Client<typeof ConsentService>;
  patients: Client<typeof PatientService>;
  scheduling: Client<typeof SchedulingService>;
  signIn: Client<typeof SignInService>;
  staff: Client<typeof StaffService>;
  treatments: Client<typeof TreatmentService>;
}

export interface ApiEvents {
  // A call was answered (either way): the session is in use.
  onAnswered(): void;
  // The server no longer knows the session (ended, expired, revoked).
  onSessionEnded(): void;
}

// Calls the app makes without a session: their UNAUTHENTICATED answers are
// about the password, not about a lost session.
const kSessionless = new Set(["SignIn", "CompletePasswordSetup"]);

export function createApi(events: ApiEvents, baseUrl = location.origin): Api {
  const watchSession: Interceptor = (next) => async (request) => {
    try {
      const response = await next(request);
      events.onAnswered();
      return response;
    } catch (error) {
      const refusal = ConnectError.from(error);
      if (refusal.code !== Code.Canceled) events.onAnswered();
      if (
        refusal.code === Code.Unauthenticated &&
        !kSessionless.has(request.method.name)
      ) {
        events.onSessionEnded();
      }
      throw error;
    }
  };
  return serviceClients(createConnectTransport({ baseUrl, interceptors: [watchSession] }));
}

// A client of every clinic.v1 service over `transport` (the browser's, or
// the browser tests' Node one).
export function serviceClients(transport: Transport): Api {
  return {
    adverseEvents: createClient(AdverseEventService, transport),
    audit: createClient(AuditService, transport),
    clinic: createClient(ClinicService, transport),
    consents: createClient(ConsentService, transport),
    patients: createClient(PatientService, transport),
    scheduling: createClient(SchedulingService, transport),
    signIn: createClient(SignInService, transport),
    staff: createClient(StaffService, transport),
    treatments: createClient(TreatmentService, transport),
  };
}

// A fresh request_id for a change: the server answers a retry with the
// same id exactly once, so a double click or a retried network call never
// books twice. Keep one per attempt the user makes, not per click.
// (crypto.randomUUID exists only on HTTPS and loopback pages; a clinic may
// serve the app over plain HTTP on its own network.)
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0"));
  return [
    hex.slice(0, 4).join(""),
    hex.slice(4, 6).join(""),
    hex.slice(6, 8).join(""),
    hex.slice(8, 10).join(""),
    hex.slice(10).join(""),
  ].join("-");
}
