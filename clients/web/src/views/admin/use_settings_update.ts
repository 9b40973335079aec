// Changing the clinic's settings. UpdateClinicSettings replaces every field,
// so a screen that edits some of them sends the others as loaded, with the
// etag they were loaded with: if someone changed the settings meanwhile the
// server refuses (ETAG_MISMATCH) rather than undo their change. After a
// change the whole app's directory is reloaded.

import { useState } from "preact/hooks";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { useAction, type Action } from "../../components/use_action";
import type { ClinicSettingsSchema } from "../../gen/clinic/v1/clinic_pb";
import { useAttemptId } from "./use_attempt_id";

export type SettingsChange = Omit<MessageInitShape<typeof ClinicSettingsSchema>, "etag" | "$typeName">;

export interface SettingsUpdate {
  action: Action;
  saved: boolean;
  stale: boolean;
  save(change: SettingsChange): Promise<void>;
  reload(): Promise<void>;
}

export function useSettingsUpdate(): SettingsUpdate {
  const { api } = useSession();
  const directory = useDirectory();
  const [requestId, renewRequestId] = useAttemptId();
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const current = directory.settings;

  const save = async (change: SettingsChange) => {
    setSaved(false);
    const answer = await action.run(() =>
      api.clinic.updateClinicSettings({
        settings: {
          timeZone: current.timeZone,
          openingHours: current.openingHours,
          slotGranularityMinutes: current.slotGranularityMinutes,
          jurisdiction: current.jurisdiction,
          signInIdleTimeout: current.signInIdleTimeout,
          ...change,
        },
        etag: current.etag,
        requestId,
      }),
    );
    if (!answer) return;
    renewRequestId();
    await directory.reload();
    setSaved(true);
  };

  const reload = async () => {
    action.clear();
    setSaved(false);
    await directory.reload();
  };

  return { action, saved, stale: action.refusal?.reason === "ETAG_MISMATCH", save, reload };
}
