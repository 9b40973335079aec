// What came of saving the clinic's settings: saved, refused (beside the
// fields where it can be), or changed by someone else meanwhile.

import { RefusalNotice } from "../../components/refusal_notice";
import type { SettingsUpdate } from "./use_settings_update";

export function SettingsSaveResult({ update, placedFields }: { update: SettingsUpdate; placedFields: string[] }) {
  return (
    <>
      <RefusalNotice refusal={update.action.refusal} placedFields={placedFields} />
      {update.stale && (
        <p>
          Someone else saved the clinic's settings after this page loaded them. Reload to see
          theirs (what you typed here is lost), then make your change again.{" "}
          <button type="button" class="secondary" onClick={update.reload}>
            Reload the settings
          </button>
        </p>
      )}
      {update.saved && <p role="status" class="done">Saved.</p>}
    </>
  );
}
