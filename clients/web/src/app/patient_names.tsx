// Patients' names for screens that list sessions (which name their patient
// only as "patients/{id}"): fetched once per patient with GetPatient, a few
// at a time, and kept for the rest of the signed-in visit.

import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import type { Patient } from "../gen/clinic/v1/patients_pb";
import type { Api } from "../api/clients";
import { useSession } from "./session";

const kParallelFetches = 6;

class PatientNameCache {
  private readonly names = new Map<string, string>();
  private readonly queued: string[] = [];
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private running = 0;

  constructor(private readonly api: Api) {}

  get(name: string): string | undefined {
    return this.names.get(name);
  }

  // Remembers a patient a screen already has in full.
  note(patient: Patient): void {
    this.names.set(patient.name, `${patient.givenName} ${patient.familyName}`);
    this.changed();
  }

  want(names: string[]): void {
    for (const name of names) {
      if (name && !this.names.has(name) && !this.pending.has(name)) {
        this.pending.add(name);
        this.queued.push(name);
      }
    }
    this.pump();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private pump(): void {
    while (this.running < kParallelFetches && this.queued.length) {
      const name = this.queued.shift()!;
      ++this.running;
      this.api.patients
        .getPatient({ name })
        .then((answer) => {
          if (answer.patient) this.note(answer.patient);
        })
        .catch(() => {
          // Left as its resource name; the screen still works.
        })
        .finally(() => {
          this.pending.delete(name);
          --this.running;
          this.pump();
        });
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const CacheContext = createContext<PatientNameCache | null>(null);

export function PatientNamesProvider({ children }: { children: ComponentChildren }) {
  const { api } = useSession();
  const cache = useMemo(() => new PatientNameCache(api), [api]);
  return <CacheContext.Provider value={cache}>{children}</CacheContext.Provider>;
}

function useCache(): PatientNameCache {
  const cache = useContext(CacheContext);
  if (!cache) throw new Error("patient names outside <PatientNamesProvider>");
  return cache;
}

// A function from "patients/{id}" to the patient's name (the resource name
// until it arrives); re-renders as names arrive.
export function usePatientNames(names: string[]): (name: string) => string {
  const cache = useCache();
  const [, setVersion] = useState(0);
  useEffect(() => cache.subscribe(() => setVersion((v) => v + 1)), [cache]);
  useEffect(() => cache.want(names), [cache, names.join("\n")]);
  return (name) => cache.get(name) ?? name;
}

// For a screen that loaded a patient in full: its name is then known to
// every other screen.
export function useNotePatient(): (patient: Patient) => void {
  const cache = useCache();
  return (patient) => cache.note(patient);
}
