// The request_id of one attempt: the same while the user retries the same
// values (so a lost answer is never applied twice), a new one as soon as
// the values change.

import { useMemo } from "preact/hooks";
import { newRequestId } from "../../api/clients";

export function useAttemptId(values: string): string {
  return useMemo(() => newRequestId(), [values]);
}
