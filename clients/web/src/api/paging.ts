// Every page of a list call, for the small lists a screen keeps whole
// (staff, rooms, treatment types); long lists page on screen instead.
export async function allPages<Response extends { nextPageToken: string }, Item>(
  fetchPage: (pageToken: string) => Promise<Response>,
  itemsOf: (response: Response) => Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  let pageToken = "";
  do {
    const page = await fetchPage(pageToken);
    items.push(...itemsOf(page));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return items;
}
