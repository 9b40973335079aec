// The treatment types' protocols (GetTreatmentProtocol), fetched once per
// signed-in visit and shared by the patients screens: the consent text,
// the facts each protocol needs and how fresh, the body areas.

import { useEffect, useState } from "preact/hooks";
import type { Api } from "../../api/clients";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useSession } from "../../app/session";
import type { GetTreatmentProtocolResponse } from "../../gen/clinic/v1/treatments_pb";

type Protocol = GetTreatmentProtocolResponse;

const cache = new WeakMap<Api, Map<string, Promise<Protocol>>>();

function fetchProtocol(api: Api, name: string): Promise<Protocol> {
  let byName = cache.get(api);
  if (!byName) cache.set(api, (byName = new Map()));
  let pending = byName.get(name);
  if (!pending) {
    pending = api.treatments.getTreatmentProtocol({ name });
    // A failure is not kept: the next screen asks again.
    pending.catch(() => byName!.delete(name));
    byName.set(name, pending);
  }
  return pending;
}

export interface Protocols {
  // By treatment type name; absent until loaded.
  protocols?: Map<string, Protocol>;
  failure?: Refusal;
}

export function useProtocols(names: string[]): Protocols {
  const { api } = useSession();
  const [state, setState] = useState<Protocols>({});
  const key = names.join("\n");
  useEffect(() => {
    let current = true;
    Promise.all(names.map((name) => fetchProtocol(api, name))).then(
      (answers) => current && setState({ protocols: new Map(names.map((n, i) => [n, answers[i]])) }),
      (error) => current && setState({ failure: refusalOf(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, key]);
  return state;
}

export function useProtocol(name: string): { protocol?: Protocol; failure?: Refusal } {
  const { protocols, failure } = useProtocols(name ? [name] : []);
  return { protocol: protocols?.get(name), failure };
}
