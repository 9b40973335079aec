// Beside each group of medical facts: when and by whom it was last
// confirmed, and a flag (in words) when it is unknown or too old for the
// clinic's protocols.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import type { ClinicalFacts, FactGroup } from "../../gen/clinic/v1/patients_pb";
import {
  confirmationOf,
  freshnessOf,
  freshnessText,
  needsAttention,
  type FactNeed,
} from "./fact_freshness";

export interface FactStatusProps {
  facts: ClinicalFacts | undefined;
  group: FactGroup;
  needs: Map<FactGroup, FactNeed>;
  id?: string;
}

export function FactStatus({ facts, group, needs, id }: FactStatusProps) {
  const directory = useDirectory();
  const confirmation = confirmationOf(facts, group);
  const freshness = freshnessOf(confirmation, needs.get(group), directory.zone);
  const flagged = needsAttention(freshness);
  return (
    <small id={id} class={`fact-status ${flagged ? "fact-status-flagged" : ""}`}>
      {flagged && <strong>Needs asking: </strong>}
      {freshnessText(freshness)}
      {confirmation?.confirmTime && (
        <>
          {" "}
          · last confirmed {formatDateTime(confirmation.confirmTime, directory.zone)}
          {confirmation.confirmedBy
            ? ` by ${directory.staffName(confirmation.confirmedBy)}`
            : " (before confirmations were recorded)"}
        </>
      )}
    </small>
  );
}
