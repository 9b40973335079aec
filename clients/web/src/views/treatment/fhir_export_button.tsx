// The report as an HL7 FHIR R4 AdverseEvent document, saved as a .json
// file from the browser (ExportAdverseEvent, then a Blob download: the
// page cannot open the API's answer as a file itself).

import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { bareId } from "./resource_names";

export function FhirExportButton({ name }: { name: string }) {
  const { api } = useSession();
  const exporting = useAction();
  const download = async () => {
    const answer = await exporting.run(() => api.adverseEvents.exportAdverseEvent({ name }));
    if (!answer) return;
    const url = URL.createObjectURL(new Blob([answer.fhirJson], { type: "application/fhir+json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `adverse-event-${bareId(name)}.fhir.json`;
    document.body.append(link);
    link.click();
    link.remove();
    // After the click has handed the file to the browser.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <>
      <button type="button" class="secondary" aria-busy={exporting.busy} disabled={exporting.busy} onClick={download}>
        Download FHIR export (.json)
      </button>
      <RefusalNotice refusal={exporting.refusal} />
    </>
  );
}
