// The tests' own way into the clinic, beside the browser: the official
// Connect client for Node with the first admin's API key, to prepare what a
// scenario starts from (staff with passwords, rooms, patients) and to check
// what the app did.

import { Code, ConnectError } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { randomUUID } from "node:crypto";
import { serviceClients, type Api } from "../../../clients/web/src/api/clients";
import { Role, type StaffMember } from "../../../clients/web/src/gen/clinic/v1/staff_pb";
import { RetryInfoSchema } from "../../../clients/web/src/gen/google/rpc/error_details_pb";

// The same clients as the app's, over Node's HTTP/1.1 transport.
export type ClinicApi = Api;

export function clinicApi(baseUrl: string, apiKey?: string): ClinicApi {
  const transport = createConnectTransport({
    baseUrl,
    httpVersion: "1.1",
    interceptors: apiKey
      ? [
          (next) => (request) => {
            request.header.set("authorization", `Bearer ${apiKey}`);
            return next(request);
          },
        ]
      : [],
  });
  return serviceClients(transport);
}

// `call`, tried again after the server's retry delay while it answers
// RESOURCE_EXHAUSTED (OVERLOADED), up to a minute in all.
export async function withOverloadRetries<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const refusal = ConnectError.from(error);
      if (refusal.code !== Code.ResourceExhausted || Date.now() > deadline) throw error;
      const retry = refusal.findDetails(RetryInfoSchema)[0]?.retryDelay;
      const delayMs = retry ? Number(retry.seconds) * 1000 + retry.nanos / 1e6 : 250;
      await new Promise((resolve) => setTimeout(resolve, delayMs + Math.random() * 100));
    }
  }
}

export function requestId(): string {
  return randomUUID();
}

export interface StaffLogin {
  member: StaffMember;
  email: string;
  password: string;
}

// A staff member who signs in with `password` (set through a setup link,
// as a new member would).
export async function createStaffLogin(
  admin: ClinicApi,
  anonymous: ClinicApi,
  role: Role,
  displayName: string,
): Promise<StaffLogin> {
  const tag = randomUUID().slice(0, 8);
  const email = `${displayName.toLowerCase().replace(/[^a-z]+/g, ".")}.${tag}@clinic.example`;
  const password = `Correct horse ${tag} battery`;
  const created = await admin.staff.createStaffMember({
    staffMember: {
      displayName,
      email,
      role,
      licenceNumber: role === Role.PRACTITIONER ? `LIC-${tag}` : "",
    },
    requestId: requestId(),
  });
  const member = created.staffMember!;
  const setup = await admin.staff.setStaffPassword({
    name: member.name,
    mode: { case: "setupLink", value: true },
    requestId: requestId(),
  });
  // clinicd hashes at most two passwords at once and answers a third with
  // OVERLOADED and a retry delay: tests preparing logins in parallel wait
  // their turn as a client should.
  const completeId = requestId();
  await withOverloadRetries(() =>
    anonymous.signIn.completePasswordSetup({
      token: setup.setupToken,
      newPassword: password,
      requestId: completeId,
    }),
  );
  return { member, email, password };
}
