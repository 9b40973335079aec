// Finding a patient: results follow the typing (ListPatients by name
// prefix, and by date of birth), each keystroke's call cancelling the one
// before so that a slow answer never overwrites a newer one.

import { Code, ConnectError } from "@connectrpc/connect";
import { useEffect, useRef, useState } from "preact/hooks";
import { formatDay, isoDay, parseIsoDay } from "../../api/clinic_time";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { bareId } from "./patient_labels";
import "./patients.css";
import { TableHead } from "../../components/table_head";

const kDebounceMs = 200;
const kPageSize = 50;

interface Results {
  patients: Patient[];
  nextPageToken: string;
}

export function PatientSearchPage() {
  const { api } = useSession();
  const [prefix, setPrefix] = useState("");
  const [birthDay, setBirthDay] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const [results, setResults] = useState<Results>();
  const [failure, setFailure] = useState<Refusal>();
  const [searching, setSearching] = useState(false);
  const running = useRef<AbortController>();

  const search = (pageToken: string, previous: Patient[]) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setSearching(true);
    api.patients
      .listPatients(
        {
          namePrefix: prefix.trim(),
          dateOfBirth: parseIsoDay(birthDay),
          includeArchived,
          pageSize: kPageSize,
          pageToken,
        },
        { signal: controller.signal },
      )
      .then(
        (answer) => {
          setResults({
            patients: [...previous, ...answer.patients],
            nextPageToken: answer.nextPageToken,
          });
          setFailure(undefined);
        },
        (error) => {
          // A newer search replaced this one: its answer no longer matters.
          if (ConnectError.from(error).code === Code.Canceled) return;
          setFailure(refusalOf(error));
        },
      )
      .finally(() => {
        if (running.current === controller) setSearching(false);
      });
  };

  useEffect(() => {
    const timer = window.setTimeout(() => search("", []), kDebounceMs);
    return () => window.clearTimeout(timer);
  }, [prefix, birthDay, includeArchived]);
  useEffect(() => () => running.current?.abort(), []);

  const filtered = prefix.trim() !== "" || birthDay !== "";
  return (
    <section aria-labelledby="patients-title" class="patients-page">
      <div class="page-head">
        <h1 id="patients-title">Patients</h1>
        <a href="/patients/new" role="button">
          Register a patient
        </a>
      </div>
      <form class="search-row" aria-label="Find a patient" onSubmit={(event) => event.preventDefault()}>
        <Field label="Name starts with" hint="Given or family name">
          {(control) => (
            <input
              {...control}
              type="search"
              autoFocus
              autocomplete="off"
              value={prefix}
              onInput={(e) => setPrefix(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Date of birth">
          {(control) => (
            <input
              {...control}
              type="date"
              value={birthDay}
              onInput={(e) => setBirthDay(e.currentTarget.value)}
            />
          )}
        </Field>
        <label class="search-archived">
          <input
            type="checkbox"
            checked={includeArchived}
            onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
          />
          Include archived patients
        </label>
      </form>
      <RefusalNotice refusal={failure} />
      <p role="status" aria-live="polite" class="search-status" aria-busy={searching}>
        {searching
          ? "Searching…"
          : results &&
            (results.patients.length === 0
              ? filtered
                ? "No patient matches."
                : "No patients registered yet."
              : `${results.patients.length}${results.nextPageToken ? "+" : ""} patient${
                  results.patients.length === 1 ? "" : "s"
                }${filtered ? " found" : ""}`)}
      </p>
      {results && results.patients.length > 0 && (
        <table>
          <TableHead columns={["Name", "Date of birth", "Record"]} />
          <tbody>
            {results.patients.map((patient) => (
              <tr key={patient.name}>
                <td>
                  <a href={`/patients/${bareId(patient.name)}`}>
                    {patient.familyName}, {patient.givenName}
                  </a>
                </td>
                <td>
                  {patient.dateOfBirth && (
                    <time dateTime={isoDay(patient.dateOfBirth)}>
                      {formatDay(patient.dateOfBirth)}
                    </time>
                  )}
                </td>
                <td>{patient.archived ? <span class="tag">Archived</span> : "Current"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results?.nextPageToken && (
        <button
          class="secondary"
          disabled={searching}
          onClick={() => search(results.nextPageToken, results.patients)}
        >
          Show more
        </button>
      )}
    </section>
  );
}
