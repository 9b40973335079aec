// What a treatment type's protocol says, for an admin checking which
// plugin versions the server loaded: the course's phases, the products and
// their per-session limits, and who may be treated.

import { durationMs } from "../../app/session";
import { TableHead } from "../../components/table_head";
import type {
  AllowedProduct,
  DepthRange,
  PluginDescription,
} from "../../gen/clinic/plugin/v1/plugin_pb";
import { PatientFactGroup } from "../../gen/clinic/plugin/v1/plugin_pb";

function depth(range: DepthRange | undefined): string {
  return range ? `${range.minMm}–${range.maxMm} mm` : "—";
}

function concentration(product: AllowedProduct): string {
  return product.maxConcentration ? `${product.maxConcentration} ${product.concentrationUnit}` : "One strength";
}

function factGroupLabel(group: PatientFactGroup): string {
  return PatientFactGroup[group]?.replace(/^PATIENT_FACT_GROUP_/, "").toLowerCase().replace(/_/g, " ") ?? "";
}

export function minutesOf(duration: Parameters<typeof durationMs>[0]): string {
  const ms = durationMs(duration);
  return ms === undefined ? "—" : `${Math.round(ms / 60000)} min`;
}

export function ProtocolSummary({ protocol }: { protocol: PluginDescription }) {
  const course = protocol.course;
  const criteria = protocol.eligibilityCriteria;
  return (
    <div class="protocol">
      <h3>Course</h3>
      {course && (
        <>
          <p>
            {course.minTotalSessions} to {course.maxTotalSessions} sessions in the course proper
            (maintenance apart).
          </p>
          <table>
            <TableHead columns={["Phase", "Sessions", "Days apart", "Usually", "Note"]} />
            <tbody>
              {course.phases.map((phase) => (
                <tr key={phase.name}>
                  <td>
                    {phase.name.replace(/_/g, " ")}
                    {phase.maintenance && (phase.repeats ? " (maintenance, repeats)" : " (maintenance)")}
                  </td>
                  <td>{phase.minSessions}–{phase.maxSessions}</td>
                  <td>{phase.minIntervalDays}–{phase.maxIntervalDays}</td>
                  <td>{phase.defaultIntervalDays} days</td>
                  <td>{phase.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Products and limits per session</h3>
      <p>Injection depth: {depth(protocol.injectionDepthMm)} unless a product says otherwise.</p>
      <table>
        <TableHead columns={["Product", "Category", "Volume at most", "Concentration at most", "Injection points at most", "Depth", "Not when"]} />
        <tbody>
          {protocol.allowedProducts.map((product) => (
            <tr key={product.name}>
              <td>{product.displayName}</td>
              <td>{product.category.replace(/_/g, " ")}</td>
              <td>{product.maxVolumeMlPerSession} ml</td>
              <td>{concentration(product)}</td>
              <td>{product.topical ? "Topical" : product.maxInjectionPointsPerSession}</td>
              <td>{product.topical ? "Topical" : depth(product.depthOverrideMm ?? protocol.injectionDepthMm)}</td>
              <td>{product.excludedWhen.map((code) => code.replace(/_/g, " ")).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {criteria && (
        <>
          <h3>Who may be treated</h3>
          <ul>
            {criteria.minAgeYears > 0 && <li>Aged {criteria.minAgeYears} or over.</li>}
            {criteria.maxBmi > 0 && <li>A BMI of {criteria.maxBmi} at most.</li>}
            {criteria.nsaidFreeDaysBeforeSession > 0 && (
              <li>No NSAID in the {criteria.nsaidFreeDaysBeforeSession} days before a session.</li>
            )}
            {criteria.requiredFacts.map((fact) => (
              <li key={fact.group}>
                Recorded {factGroupLabel(fact.group)}
                {fact.maxAgeDays > 0 ? `, at most ${fact.maxAgeDays} days old` : ""}.
              </li>
            ))}
            <li>{protocol.contraindications.length} contraindications checked.</li>
          </ul>
        </>
      )}
      {protocol.forbiddenJurisdictions.length > 0 && (
        <p>
          Not allowed in:{" "}
          {protocol.forbiddenJurisdictions.map((j) => `${j.countryCode} (${j.reason})`).join("; ")}.
        </p>
      )}
    </div>
  );
}
