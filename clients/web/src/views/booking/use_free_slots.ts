// The free slots of a search, a page at a time (a consultation's whole
// search at once: its starts are worked out from neighbouring slots), kept
// until the search changes or refresh() asks the server again.

import { useCallback, useEffect, useState } from "preact/hooks";
import { isoDay, type CivilDate } from "../../api/clinic_time";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import type { AvailableSlot } from "../../gen/clinic/v1/scheduling_pb";
import { consultationSlots, searchTypeForConsultation } from "./consultation_slots";

const kPageSize = 200;
// A consultation's search reads this many slots at most (5 pages).
const kConsultationReach = 5000;

export interface SlotSearch {
  consultationMinutes?: number; // set: a consultation
  treatmentType: string;
  practitioner: string;
  room: string;
  from: CivilDate;
  to: CivilDate;
}

export interface FreeSlots {
  slots: AvailableSlot[] | undefined;
  loading: boolean;
  failure: Refusal | undefined;
  more: (() => void) | undefined;
  refresh(): void;
}

export function useFreeSlots(search: SlotSearch | undefined): FreeSlots {
  const { api } = useSession();
  const directory = useDirectory();
  const [slots, setSlots] = useState<AvailableSlot[]>();
  const [nextPage, setNextPage] = useState("");
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<Refusal>();
  const [generation, setGeneration] = useState(0);

  const consultationType = searchTypeForConsultation(directory.treatmentTypes)?.name ?? "";
  const request = search && {
    treatmentType:
      search.consultationMinutes !== undefined ? consultationType : search.treatmentType,
    startDate: search.from,
    endDate: search.to,
    practitioner: search.practitioner,
    room: search.room,
  };
  const key = request
    ? [
        request.treatmentType,
        isoDay(request.startDate),
        isoDay(request.endDate),
        request.practitioner,
        request.room,
        search?.consultationMinutes ?? "",
      ].join(" ")
    : "";

  const fetchPage = useCallback(
    async (pageToken: string) => {
      if (!request || !search) return undefined;
      if (search.consultationMinutes === undefined) {
        return api.scheduling.findAvailableSlots({ ...request, pageSize: kPageSize, pageToken });
      }
      const all: AvailableSlot[] = [];
      let token = "";
      do {
        const page = await api.scheduling.findAvailableSlots({
          ...request,
          pageSize: 1000,
          pageToken: token,
        });
        all.push(...page.slots);
        token = page.nextPageToken;
      } while (token && all.length < kConsultationReach);
      return { slots: consultationSlots(all, search.consultationMinutes), nextPageToken: "" };
    },
    [api, key],
  );

  useEffect(() => {
    setSlots(undefined);
    setNextPage("");
    setFailure(undefined);
    if (!request || !request.treatmentType) return;
    let stale = false;
    setLoading(true);
    fetchPage("")
      .then(
        (page) => {
          if (stale || !page) return;
          setSlots(page.slots);
          setNextPage(page.nextPageToken);
        },
        (error) => !stale && setFailure(refusalOf(error)),
      )
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [fetchPage, generation]);

  const more = nextPage
    ? () => {
        setLoading(true);
        fetchPage(nextPage)
          .then(
            (page) => {
              if (!page) return;
              setSlots((shown) => [...(shown ?? []), ...page.slots]);
              setNextPage(page.nextPageToken);
            },
            (error) => setFailure(refusalOf(error)),
          )
          .finally(() => setLoading(false));
      }
    : undefined;

  return {
    slots,
    loading,
    failure,
    more,
    refresh: () => setGeneration((g) => g + 1),
  };
}
