// One patient read with GetPatient, for the chart and the edit form; its
// name becomes known to every screen that lists sessions.

import { useCallback, useEffect, useState } from "preact/hooks";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useNotePatient } from "../../app/patient_names";
import { useSession } from "../../app/session";
import type { Patient } from "../../gen/clinic/v1/patients_pb";

export interface LoadedPatient {
  patient?: Patient;
  failure?: Refusal;
  reload(): Promise<Patient | undefined>;
  // After a change answered with the new record.
  replace(patient: Patient): void;
}

export function usePatient(id: string): LoadedPatient {
  const { api } = useSession();
  const note = useNotePatient();
  const [patient, setPatient] = useState<Patient>();
  const [failure, setFailure] = useState<Refusal>();
  const replace = (fresh: Patient) => {
    setPatient(fresh);
    note(fresh);
  };
  const reload = useCallback(async () => {
    try {
      const answer = await api.patients.getPatient({ name: `patients/${id}` });
      setFailure(undefined);
      if (answer.patient) replace(answer.patient);
      return answer.patient;
    } catch (error) {
      setFailure(refusalOf(error));
      return undefined;
    }
  }, [api, id]);
  useEffect(() => {
    setPatient(undefined);
    reload();
  }, [reload]);
  return { patient, failure, reload, replace };
}
