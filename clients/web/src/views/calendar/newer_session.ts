// The later of two copies of a session: the answer to a change made here
// may arrive before or after the live stream reports the same change.

import { toDate } from "../../api/clinic_time";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";

export function newerSession(a: Session | undefined, b: Session): Session {
  if (!a) return b;
  const at = toDate(a.updateTime)?.getTime() ?? 0;
  const bt = toDate(b.updateTime)?.getTime() ?? 0;
  return at > bt ? a : b;
}
