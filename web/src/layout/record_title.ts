/** A detail page names its record in the browser tab: 「食品生产企业 - 专项库详情 - suiji …」. */
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { pageTitle, routeOfPath } from '../routes';

/**
 * Runs after the shell's layout effect that sets the page's own title, so the record's name wins
 * once it has loaded; the next page's title replaces it.
 */
export function useRecordTitle(record: string | undefined): void {
  const { pathname } = useLocation();
  useEffect(() => {
    if (record) document.title = pageTitle(routeOfPath(pathname), record);
  }, [record, pathname]);
}
