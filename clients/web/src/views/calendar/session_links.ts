// Addresses of a session's screens (bare ids, see the URL contract).

export function bareId(name: string): string {
  return name.slice(name.indexOf("/") + 1);
}

export function sessionPath(name: string): string {
  return `/sessions/${bareId(name)}`;
}

export function patientPath(name: string): string {
  return `/patients/${bareId(name)}`;
}
