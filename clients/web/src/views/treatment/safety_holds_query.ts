// Which safety holds wait for a practitioner's review. The API has no list
// of holds: they are found from the reports. A systemic event's patient
// hold is on the event itself (patient_hold, no review time yet); a
// course's hold is the course's SUSPENDED state, so the courses of every
// patient and treatment with a report are read (a small clinic's reports
// concern few patients).

import type { Api } from "../../api/clients";
import { allPages } from "../../api/paging";
import type { AdverseEvent } from "../../gen/clinic/v1/adverse_events_pb";
import { CourseState, type Course } from "../../gen/clinic/v1/scheduling_pb";

export interface CourseHold {
  course: Course;
  // The reports of that patient and treatment: what the hold came from.
  events: AdverseEvent[];
}

export interface PatientHold {
  patient: string;
  events: AdverseEvent[];
}

export interface Holds {
  courses: CourseHold[];
  patients: PatientHold[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

export async function findHolds(api: Api, events: AdverseEvent[]): Promise<Holds> {
  const patients = [
    ...groupBy(
      events.filter((e) => e.patientHold && !e.patientHoldReviewTime),
      (e) => e.patient,
    ),
  ].map(([patient, held]) => ({ patient, events: held }));

  const byPatient = groupBy(events, (e) => e.patient);
  const courseNames = new Set<string>();
  await Promise.all(
    [...byPatient].map(async ([patient, reported]) => {
      const types = new Set(reported.map((e) => e.treatmentType));
      const sessions = await allPages(
        (pageToken) => api.scheduling.listSessions({ patient, pageSize: 1000, pageToken }),
        (page) => page.sessions,
      );
      for (const session of sessions) {
        if (session.course && types.has(session.treatmentType)) courseNames.add(session.course);
      }
    }),
  );
  const courses = await Promise.all(
    [...courseNames].map(async (name) => (await api.scheduling.getCourse({ name })).course!),
  );
  return {
    patients,
    courses: courses
      .filter((course) => course.state === CourseState.SUSPENDED)
      .map((course) => ({
        course,
        events: events.filter(
          (e) => e.patient === course.patient && e.treatmentType === course.treatmentType,
        ),
      })),
  };
}
