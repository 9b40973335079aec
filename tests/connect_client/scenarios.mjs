// Drives clinicd's Connect transport with the official Connect client for
// JavaScript (@connectrpc/connect-node over HTTP/1.1), once with JSON and
// once with binary protobuf, so that the server is checked against a client
// nobody here wrote.
//
//   node scenarios.mjs PLAN.json
//
// PLAN (written by tests/server/connect_node_client_test.cc) names the
// server, the keys, the generated modules and what the clinic holds:
//
//   {
//     "baseUrl": "http://127.0.0.1:8080",
//     "generatedDir": "<build>/tests/connect_client/gen",
//     "practitionerKey": "...", "frontDeskKey": "...",
//     "practitionerStaff": "staff/...",     // GetCaller's answer
//     "unknownPatient": "patients/...",     // GetPatient refuses it
//     "notFoundReason": "PATIENT_NOT_FOUND",// its ErrorInfo reason
//     "watchDay": {"year": 2027, "month": 1, "day": 4},
//     "existingSession": "sessions/...",    // booked on watchDay already
//     "only": ["GetCaller", ...],           // optional: these scenarios
//     "bookings": {                         // one per format, on watchDay
//       "json":   {"patient": "...", "practitioner": "...", "room": "...",
//                  "startTime": "2027-01-04T10:00:00Z"},
//       "binary": {...}
//     }
//   }
//
// Prints one line per scenario ("ok json GetCaller: ...") and exits 1 on the
// first failure, saying what was expected and what came back.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { create, equals, toJsonString } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";

// A scenario's failure: what it expected and what it got.
class ScenarioFailure extends Error {}

function expect(condition, message) {
  if (!condition) throw new ScenarioFailure(message);
}

// Describes a ConnectError (or anything thrown) for a failure message.
function describe(error) {
  if (error instanceof ConnectError) {
    return `ConnectError ${Code[error.code]} "${error.rawMessage}"`;
  }
  return String(error && error.stack ? error.stack : error);
}

// Runs `call`, which must throw a ConnectError of `code`; returns it.
async function expectRefusal(what, code, call) {
  let answer;
  try {
    answer = await call();
  } catch (error) {
    const refusal = ConnectError.from(error);
    expect(refusal.code === code,
           `${what}: expected code ${Code[code]}, got ${describe(error)}`);
    return refusal;
  }
  throw new ScenarioFailure(
      `${what}: expected code ${Code[code]}, got an answer: ` +
      JSON.stringify(answer));
}

// The client reads proto field names (given_name) as well as JSON names
// (givenName), so it cannot tell which the server wrote: the same GetPatient
// as raw Connect JSON shows that the server writes protobuf's canonical
// lowerCamelCase names.
async function expectCanonicalJsonNames(plan, name) {
  const response = await fetch(
      `${plan.baseUrl}/clinic.v1.PatientService/GetPatient`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Connect-Protocol-Version": "1",
          "Authorization": `Bearer ${plan.practitionerKey}`,
        },
        body: JSON.stringify({ name }),
        signal: AbortSignal.timeout(10000),
      });
  const body = await response.text();
  expect(response.status === 200,
         `GetPatient as raw JSON: expected HTTP 200, got ${response.status} ` +
         body);
  expect(body.includes('"givenName"') && body.includes('"dateOfBirth"') &&
         !body.includes('"given_name"'),
         `GetPatient as raw JSON: expected lowerCamelCase field names ` +
         `(givenName, dateOfBirth), got ${body}`);
}

// The generated modules (protoc-gen-es, target=js) for clinic.v1 and
// google.rpc, loaded from the build folder.
async function loadGenerated(dir) {
  const load = (file) => import(pathToFileURL(path.join(dir, file)).href);
  const [staff, patients, scheduling, errorDetails] = await Promise.all([
    load("clinic/v1/staff_pb.js"),
    load("clinic/v1/patients_pb.js"),
    load("clinic/v1/scheduling_pb.js"),
    load("google/rpc/error_details_pb.js"),
  ]);
  return { staff, patients, scheduling, errorDetails };
}

// Clients of the three services the scenarios use, over one transport that
// sends `apiKey` (none when empty) as a bearer token.
function connectClients(plan, pb, useBinaryFormat, apiKey) {
  const sendKey = (next) => async (request) => {
    if (apiKey) request.header.set("Authorization", `Bearer ${apiKey}`);
    return next(request);
  };
  const transport = createConnectTransport({
    baseUrl: plan.baseUrl,
    httpVersion: "1.1",
    useBinaryFormat,
    interceptors: [sendKey],
    // A hung server fails a scenario instead of hanging the test.
    defaultTimeoutMs: 10000,
  });
  return {
    staff: createClient(pb.staff.StaffService, transport),
    patients: createClient(pb.patients.PatientService, transport),
    scheduling: createClient(pb.scheduling.SchedulingService, transport),
  };
}

// The scenarios, in order. Each gets a context {plan, pb, format, clients
// (practitioner's), frontDesk (clients), anonymous (clients)} and returns
// a short note for its line.
const scenarios = [
  {
    name: "GetCaller",
    async run({ plan, clients }) {
      const caller = await clients.staff.getCaller({});
      expect(caller.staffMember?.name === plan.practitionerStaff,
             `GetCaller: expected staff member ${plan.practitionerStaff}, ` +
             `got ${JSON.stringify(caller.staffMember?.name)}`);
      expect(caller.apiKey !== "", "GetCaller: the answer names no API key");
      return caller.staffMember.name;
    },
  },
  {
    name: "CreatePatient then GetPatient",
    async run({ plan, pb, format, clients }) {
      const P = pb.patients;
      const tag = `${format}-${process.pid}-${Date.now()}`;
      const patient = create(P.PatientSchema, {
        givenName: `Connect-${tag}`,
        familyName: "Lefèvre",
        dateOfBirth: { year: 1990, month: 6, day: 15 },
        sex: P.Sex.FEMALE,
        contact: { phone: "+33 6 11 22 33 44", email: `${tag}@example.fr` },
        clinicalFacts: {
          pregnancyStatus: P.PregnancyStatus.NOT_PREGNANT,
          heightCm: 168,
          weightKg: 61,
        },
        notes: "Créée par le client Connect.\nDeux lignes.",
      });
      const created = await clients.patients.createPatient({
        patient,
        requestId: `connect-${tag}`,
      });
      const name = created.patient?.name ?? "";
      expect(name.startsWith("patients/"),
             `CreatePatient: expected a name patients/..., got ` +
             JSON.stringify(name));
      for (const field of ["givenName", "familyName", "notes"]) {
        expect(created.patient[field] === patient[field],
               `CreatePatient: ${field} expected ${JSON.stringify(
                   patient[field])}, got ${
                   JSON.stringify(created.patient[field])}`);
      }
      const fetched = await clients.patients.getPatient({ name });
      expect(equals(P.PatientSchema, fetched.patient, created.patient),
             `GetPatient: expected the created patient ${
                 toJsonString(P.PatientSchema, created.patient)}, got ${
                 toJsonString(P.PatientSchema, fetched.patient)}`);
      if (format === "json") await expectCanonicalJsonNames(plan, name);
      return name;
    },
  },
  {
    name: "refusal with details",
    async run({ plan, pb, clients }) {
      const refusal = await expectRefusal(
          `GetPatient(${plan.unknownPatient})`, Code.NotFound,
          () => clients.patients.getPatient({ name: plan.unknownPatient }));
      const infos = refusal.findDetails(pb.errorDetails.ErrorInfoSchema);
      expect(infos.length === 1,
             `GetPatient(${plan.unknownPatient}): expected one ` +
             `google.rpc.ErrorInfo in the details, got ${infos.length} ` +
             `(details: ${JSON.stringify(refusal.details.map(
                 (detail) => detail.type ?? detail.desc?.typeName))})`);
      expect(infos[0].reason === plan.notFoundReason,
             `GetPatient(${plan.unknownPatient}): expected ErrorInfo ` +
             `reason ${plan.notFoundReason}, got ${infos[0].reason}`);
      return `NotFound, reason ${infos[0].reason}`;
    },
  },
  {
    name: "no key",
    async run({ anonymous }) {
      await expectRefusal("GetCaller without a key", Code.Unauthenticated,
                          () => anonymous.staff.getCaller({}));
      return "Unauthenticated";
    },
  },
  {
    name: "deadline",
    async run({ plan, pb, clients }) {
      // Within its deadline, a call answers...
      await clients.staff.getCaller({}, { timeoutMs: 10000 });
      // ...and a watch of a quiet moment ends with DeadlineExceeded when
      // its deadline passes, rather than holding on.
      const started = Date.now();
      await expectRefusal(
          "WatchSchedule with timeoutMs 500", Code.DeadlineExceeded,
          async () => {
            const seen = [];
            const stream = clients.scheduling.watchSchedule(
                { day: plan.watchDay }, { timeoutMs: 500 });
            for await (const change of stream) seen.push(change);
            return { streamEndedCleanlyAfter: seen.length };
          });
      const elapsed = Date.now() - started;
      expect(elapsed < 5000,
             `WatchSchedule with timeoutMs 500: ended after ${elapsed} ms`);
      return `DeadlineExceeded after ${elapsed} ms`;
    },
  },
  {
    name: "WatchSchedule",
    async run({ plan, pb, format, frontDesk }) {
      const S = pb.scheduling;
      const Change = S.WatchScheduleResponse_Change;
      const booking = plan.bookings[format];
      const abort = new AbortController();
      const stream = frontDesk.scheduling.watchSchedule(
          { day: plan.watchDay }, { signal: abort.signal, timeoutMs: 20000 });
      const changes = stream[Symbol.asyncIterator]();
      // The next change about `session`, skipping the others of the day.
      const nextAbout = async (session) => {
        for (;;) {
          const { value, done } = await changes.next();
          expect(!done, `WatchSchedule: the stream ended before a change ` +
                        `about ${session}`);
          if (value.session?.name === session) return value;
        }
      };
      // Once the existing session has arrived, the server has subscribed.
      const existing = await nextAbout(plan.existingSession);
      expect(existing.change === Change.EXISTING,
             `WatchSchedule: expected ${plan.existingSession} as ` +
             `CHANGE_EXISTING, got ${Change[existing.change]}`);

      const booked = await frontDesk.scheduling.bookSession({
        patient: booking.patient,
        treatmentType: "treatmentTypes/cellulite",
        practitioner: booking.practitioner,
        room: booking.room,
        startTime: timestampFromDate(new Date(booking.startTime)),
        requestId: `connect-book-${format}-${process.pid}`,
      });
      const name = booked.session?.name ?? "";
      const announced = await nextAbout(name);
      expect(announced.change === Change.BOOKED,
             `WatchSchedule: expected ${name} as CHANGE_BOOKED, got ` +
             `${Change[announced.change]}`);
      expect(announced.session.patient === booking.patient,
             `WatchSchedule: expected patient ${booking.patient}, got ` +
             `${announced.session.patient}`);

      abort.abort();
      await expectRefusal("WatchSchedule after cancelling", Code.Canceled,
                          () => changes.next());
      return `${name} booked and announced, stream cancelled`;
    },
  },
];

async function main() {
  const planFile = process.argv[2];
  if (!planFile) {
    console.error("usage: node scenarios.mjs PLAN.json");
    process.exit(2);
  }
  const plan = JSON.parse(await readFile(planFile, "utf8"));
  const pb = await loadGenerated(plan.generatedDir);
  const unknown = (plan.only ?? []).filter(
      (name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.log(`FAIL plan: no scenario named ${unknown.join(", ")}`);
    process.exit(2);
  }
  const chosen = scenarios.filter(
      (scenario) => !plan.only || plan.only.includes(scenario.name));
  let passed = 0;
  for (const [format, useBinaryFormat] of [["json", false], ["binary", true]]) {
    const context = {
      plan, pb, format,
      clients: connectClients(plan, pb, useBinaryFormat, plan.practitionerKey),
      frontDesk: connectClients(plan, pb, useBinaryFormat, plan.frontDeskKey),
      anonymous: connectClients(plan, pb, useBinaryFormat, ""),
    };
    for (const scenario of chosen) {
      try {
        const note = await scenario.run(context);
        console.log(`ok ${format} ${scenario.name}: ${note}`);
        ++passed;
      } catch (error) {
        const message = error instanceof ScenarioFailure ? error.message
                                                         : describe(error);
        console.log(`FAIL ${format} ${scenario.name}: ${message}`);
        process.exit(1);
      }
    }
  }
  console.log(`${passed} scenarios passed`);
}

await main();
