// What nearly every screen needs to turn resource names into words: the
// clinic's settings (its time zone first), its staff, rooms and the
// treatment types the server's plugins bring. Loaded once after sign-in;
// a screen that changes one of them calls reload().

import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { allPages } from "../api/paging";
import { refusalOf, type Refusal } from "../api/refusal";
import type { ClinicSettings, Room } from "../gen/clinic/v1/clinic_pb";
import { Role, type StaffMember } from "../gen/clinic/v1/staff_pb";
import type { TreatmentType } from "../gen/clinic/v1/treatments_pb";
import { useSession } from "./session";

export interface ClinicDirectory {
  settings: ClinicSettings;
  // The clinic's IANA time zone: every time on screen is in it.
  zone: string;
  staff: StaffMember[];
  practitioners: StaffMember[];
  rooms: Room[];
  treatmentTypes: TreatmentType[];
  staffName(name: string): string;
  roomName(name: string): string;
  treatmentTypeName(name: string): string;
  reload(): Promise<void>;
}

const DirectoryContext = createContext<ClinicDirectory | null>(null);

export function useDirectory(): ClinicDirectory {
  const directory = useContext(DirectoryContext);
  if (!directory) throw new Error("useDirectory outside <DirectoryProvider>");
  return directory;
}

interface Loaded {
  settings: ClinicSettings;
  staff: StaffMember[];
  rooms: Room[];
  treatmentTypes: TreatmentType[];
}

function displayOf<T extends { name: string }>(
  items: T[],
  name: string,
  show: (item: T) => string,
): string {
  const found = items.find((item) => item.name === name);
  return found ? show(found) : name;
}

export function DirectoryProvider({ children }: { children: ComponentChildren }) {
  const { api } = useSession();
  const [loaded, setLoaded] = useState<Loaded>();
  const [failure, setFailure] = useState<Refusal>();

  const load = useCallback(async () => {
    try {
      const [settings, staff, rooms, treatmentTypes] = await Promise.all([
        api.clinic.getClinicSettings({}),
        allPages(
          (pageToken) =>
            api.staff.listStaffMembers({ pageSize: 500, pageToken, includeInactive: true }),
          (page) => page.staffMembers,
        ),
        allPages(
          (pageToken) => api.clinic.listRooms({ pageSize: 1000, pageToken, includeInactive: true }),
          (page) => page.rooms,
        ),
        allPages(
          (pageToken) => api.treatments.listTreatmentTypes({ pageSize: 1000, pageToken }),
          (page) => page.treatmentTypes,
        ),
      ]);
      if (!settings.settings) throw new Error("the server sent no clinic settings");
      setLoaded({ settings: settings.settings, staff, rooms, treatmentTypes });
      setFailure(undefined);
    } catch (error) {
      setFailure(refusalOf(error));
    }
  }, [api]);

  useEffect(() => {
    load();
  }, [load]);

  if (!loaded) {
    return (
      <main class="container" aria-busy={!failure}>
        {failure ? (
          <article role="alert">
            <p>The clinic's settings could not be loaded: {failure.message}</p>
            <button onClick={load}>Try again</button>
          </article>
        ) : (
          "Loading the clinic…"
        )}
      </main>
    );
  }
  const directory: ClinicDirectory = {
    ...loaded,
    zone: loaded.settings.timeZone,
    practitioners: loaded.staff.filter(
      (member) => member.role === Role.PRACTITIONER && member.active,
    ),
    staffName: (name) => displayOf(loaded.staff, name, (m) => m.displayName),
    roomName: (name) => displayOf(loaded.rooms, name, (r) => r.displayName),
    treatmentTypeName: (name) => displayOf(loaded.treatmentTypes, name, (t) => t.displayName),
    reload: load,
  };
  return <DirectoryContext.Provider value={directory}>{children}</DirectoryContext.Provider>;
}
