// The request_id of the attempt a form is making: kept while the person
// corrects and retries the same change (the server keeps only successful
// changes under their id), renewed once it succeeded so that the next
// change is a new one.

import { useCallback, useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";

export function useAttemptId(): [string, () => void] {
  const [requestId, setRequestId] = useState(newRequestId);
  const renew = useCallback(() => setRequestId(newRequestId()), []);
  return [requestId, renew];
}
