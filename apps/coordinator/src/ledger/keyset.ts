/**
 * Walks a table page by page with keyset pagination ("rows after the last key I saw"), so each page is an index
 * range scan whatever the depth. The next page is fetched while the caller works on the current one (the database
 * and the CPU overlap), so at most two pages are held in memory. Each page is its own query and snapshot: no
 * transaction or connection is held between pages, so a slow consumer pins nothing in the database.
 */
export async function* keysetPages<Row, Key>(
  fetchPage: (after: Key | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  pageSize: number,
): AsyncGenerator<Row[]> {
  let next: Promise<Row[]> | undefined = fetchPage(undefined, pageSize);
  while (next) {
    const page: Row[] = await next;
    next = page.length < pageSize ? undefined : fetchPage(keyOf(page[page.length - 1]), pageSize);
    // a consumer that stops early must not leave a rejected prefetch unhandled
    next?.catch(() => undefined);
    if (page.length > 0) yield page;
  }
}
