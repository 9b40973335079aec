// The treatment types the server loaded (one per plugin) with the version
// of each, its consent version and session length, and its protocol.

import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { TableHead } from "../../components/table_head";
import { minutesOf, ProtocolSummary } from "./protocol_summary";
import { useLoaded } from "./use_loaded";
import "./admin.css";

function TreatmentTypeProtocol({ name }: { name: string }) {
  const { api } = useSession();
  const loaded = useLoaded(() => api.treatments.getTreatmentProtocol({ name }), [api, name]);
  const answer = loaded.value;
  if (loaded.failure) return <RefusalNotice refusal={loaded.failure} />;
  if (!answer?.protocol) return <p aria-busy="true">Loading the protocol…</p>;
  return <ProtocolSummary protocol={answer.protocol} />;
}

export function PluginsPage() {
  const { treatmentTypes } = useDirectory();
  return (
    <section aria-labelledby="plugins-title" class="admin">
      <h1 id="plugins-title">Treatment types</h1>
      <p>
        One per plugin the server loaded at start-up. A new version takes effect when the server is
        restarted with it.
      </p>
      <table>
        <TableHead columns={["Treatment type", "Plugin version", "Consent version", "Session length"]} />
        <tbody>
          {treatmentTypes.map((type) => (
            <tr key={type.name}>
              <td>{type.displayName}</td>
              <td>{type.version}</td>
              <td>{type.consentVersion}</td>
              <td>{minutesOf(type.sessionLength)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {treatmentTypes.map((type) => (
        <details key={type.name}>
          <summary>
            {type.displayName}: the protocol
          </summary>
          <TreatmentTypeProtocol name={type.name} />
        </details>
      ))}
    </section>
  );
}
