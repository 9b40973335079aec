// "staff/abc" -> "abc": the addresses of the app carry bare ids.
export function bareId(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}
