// A course before it is booked: the dates PlanCourse proposes from the
// chosen first slot, each with the window of days the protocol allows after
// the previous session, and the protocol's phases. When BookCourse refuses
// some sessions (COURSE_CONFLICTS), each refusal is shown on its row.

import { useEffect, useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { fieldProblems, refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { CoursePhase } from "../../gen/clinic/plugin/v1/plugin_pb";
import type { AvailableSlot } from "../../gen/clinic/v1/scheduling_pb";
import type { PlannedSession } from "../../gen/clinic/v1/treatments_pb";

export interface CourseOptions {
  sessionCount: number; // 0: the protocol's
  preferredIntervalDays: number; // 0: the protocol's
  includeMaintenance: boolean;
}

export function phaseLabel(phase: string): string {
  const words = phase.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function windowLabel(planned: { minDaysAfterPrevious: number; maxDaysAfterPrevious: number }) {
  if (!planned.minDaysAfterPrevious && !planned.maxDaysAfterPrevious) return "First session";
  return `${planned.minDaysAfterPrevious} to ${planned.maxDaysAfterPrevious} days after the previous`;
}

function PhaseList({ phases }: { phases: CoursePhase[] }) {
  return (
    <ul class="course-phases">
      {phases.map((phase) => (
        <li key={phase.name}>
          <strong>{phaseLabel(phase.name)}</strong>
          {phase.maintenance ? " (maintenance)" : ""}:{" "}
          {phase.minSessions === phase.maxSessions
            ? `${phase.minSessions}`
            : `${phase.minSessions} to ${phase.maxSessions}`}{" "}
          {phase.maxSessions === 1 ? "session" : "sessions"}, {phase.minIntervalDays} to {phase.maxIntervalDays} days apart
          {phase.repeats ? ", repeating" : ""}. {phase.note}
        </li>
      ))}
    </ul>
  );
}

export interface CoursePlanProps {
  treatmentType: string;
  slot: AvailableSlot;
  options: CourseOptions;
  // BookCourse's refusal, whose field violations name sessions[i].
  conflicts: Refusal | undefined;
  onPlanned(planned: PlannedSession[]): void;
}

export function CoursePlan({ treatmentType, slot, options, conflicts, onPlanned }: CoursePlanProps) {
  const { api } = useSession();
  const directory = useDirectory();
  const [planned, setPlanned] = useState<PlannedSession[]>();
  const [phases, setPhases] = useState<CoursePhase[]>();
  const [failure, setFailure] = useState<Refusal>();

  useEffect(() => {
    let stale = false;
    setPlanned(undefined);
    setFailure(undefined);
    Promise.all([
      api.treatments.planCourse({
        treatmentType,
        firstSessionTime: slot.startTime,
        sessionCount: options.sessionCount,
        preferredIntervalDays: options.preferredIntervalDays,
        includeMaintenance: options.includeMaintenance,
      }),
      api.treatments.getTreatmentProtocol({ name: treatmentType }),
    ]).then(
      ([plan, protocol]) => {
        if (stale) return;
        setPlanned(plan.sessions);
        onPlanned(plan.sessions);
        setPhases(protocol.protocol?.course?.phases ?? []);
      },
      (error) => !stale && setFailure(refusalOf(error)),
    );
    return () => {
      stale = true;
    };
  }, [api, treatmentType, slot, options.sessionCount, options.preferredIntervalDays, options.includeMaintenance]);

  return (
    <section class="course-plan" aria-labelledby="course-plan-title">
      <h2 id="course-plan-title">Planned course</h2>
      <RefusalNotice refusal={failure} />
      {!planned && !failure && <p aria-busy="true">Planning the course…</p>}
      {planned && (
        <table>
          <caption>
            {planned.length} sessions with {directory.staffName(slot.practitioner)} in{" "}
            {directory.roomName(slot.room)}; nothing is booked until you confirm.
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Phase</th>
              <th scope="col">Planned</th>
              <th scope="col">Allowed window</th>
              {conflicts && <th scope="col">Can it be booked?</th>}
            </tr>
          </thead>
          <tbody>
            {planned.map((session) => {
              const problems = fieldProblems(conflicts, `sessions[${session.index}]`);
              return (
                <tr key={session.index} class={problems ? "plan-conflict" : undefined}>
                  <td>{session.index + 1}</td>
                  <td>{phaseLabel(session.phase)}</td>
                  <td>{formatDateTime(session.startTime, directory.zone)}</td>
                  <td>{windowLabel(session)}</td>
                  {conflicts && <td>{problems ? `Cannot be placed: ${problems.join(" ")}` : "Yes"}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {phases && phases.length > 0 && (
        <>
          <h3>The protocol's phases</h3>
          <PhaseList phases={phases} />
        </>
      )}
    </section>
  );
}
