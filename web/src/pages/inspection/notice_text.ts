import { chineseDate } from '../../../../domain/inspection/notice';

/** 2026年12月4日 09时30分, in China's time (UTC+8 all year). */
export function deliveredAtText(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${chineseDate(local.slice(0, 10))} ${local.slice(11, 13)}时${local.slice(14, 16)}分`;
}
