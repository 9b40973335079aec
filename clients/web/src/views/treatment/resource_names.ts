// The app's addresses carry bare ids (/sessions/abc); the API names
// resources with their collection ("sessions/abc").

export function bareId(name: string): string {
  return name.slice(name.indexOf("/") + 1);
}

export function sessionName(id: string): string {
  return `sessions/${id}`;
}

export function adverseEventName(id: string): string {
  return `adverseEvents/${id}`;
}

export function adverseEventLink(name: string): string {
  return `/adverse-events/${bareId(name)}`;
}

export function sessionLink(name: string): string {
  return `/sessions/${bareId(name)}`;
}

export function patientLink(name: string): string {
  return `/patients/${bareId(name)}`;
}

// "thigh_left" -> "thigh left": codes as people read them.
export function codeWords(code: string): string {
  return code.replace(/_/g, " ");
}
