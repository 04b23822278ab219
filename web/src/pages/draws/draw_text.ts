/**
 * Words and shapes the ceremony screens share: a source's title and grammar hint (docs/draw-protocol.md §15),
 * a hash cut into groups of four for reading aloud, and the public address of a draw's receipt.
 * The check itself is never here: the entry form runs the domain's validateSourceValue, as the server does.
 */
import { isLotteryGame, LOTTERY_LABELS, type SourceDeclaration } from '../../../../domain/draw/sources';

/** 'a1b2c3d4…' → ['a1b2', 'c3d4', …]: a 64-hex hash read aloud in a meeting room, four characters at a time. */
export function hashGroups(hash: string, size = 4): string[] {
  const groups: string[] = [];
  for (let i = 0; i < hash.length; i += size) groups.push(hash.slice(i, i + size));
  return groups;
}

/** The source's kind in Chinese: 彩票开奖号码 / 公共随机信标 / 现场掷骰. */
export function sourceKindLabel(source: Pick<SourceDeclaration, 'type'>): string {
  switch (source.type) {
    case 'lottery': return '彩票开奖号码';
    case 'beacon': return '公共随机信标';
    case 'dice': return '现场掷骰';
    default: return source.type;
  }
}

/** One line naming what the value is: 「福彩双色球 第 2025024 期」, 「信标 drand-quicknet 第 123 轮」, 「掷骰 8 次」. */
export function sourceTitle(source: SourceDeclaration): string {
  switch (source.type) {
    case 'lottery': return `${isLotteryGame(source.name) ? LOTTERY_LABELS[source.name] : source.name} 第 ${source.round} 期`;
    case 'beacon': return `信标 ${source.name} 第 ${source.round} 轮`;
    case 'dice': return `掷骰 ${source.count} 次`;
    default: return source.id;
  }
}

/** The exact form to type, shown under the field before anything is typed (§15.2). */
export function sourceHint(source: SourceDeclaration): string {
  switch (source.type) {
    case 'lottery':
      if (source.name === 'fc-ssq') return '6 个红球从小到大、1 个蓝球，每个两位数字，以一个半角空格分隔，如 03 09 14 22 27 31 08';
      return '3 个半角数字，按百位、十位、个位顺序连写，如 073';
    case 'beacon': return `${2 * Number(source.count)} 位小写十六进制，照抄信标第 ${source.round} 轮公布的值`;
    case 'dice': {
      const k = Number(source.count);
      return `${k} 个点数（1–6），按掷出顺序，以一个半角空格分隔，如 ${'3 1 4 1 5 2 6 5 '.repeat(8).slice(0, 2 * k - 1)}`;
    }
    default: return '';
  }
}

/** The receipt's public page, for the projector's verification hint and the 公布 confirmation. */
export function publicDrawPath(drawId: string): string {
  return `/public/draws/${encodeURIComponent(drawId)}`;
}

/** Milliseconds until a source's value may exist (≤ 0: it may be entered now). */
export function msUntilAvailable(source: Pick<SourceDeclaration, 'availableAt'>, nowMs: number): number {
  return Date.parse(source.availableAt) - nowMs;
}

/** 「还有 2 小时 5 分」 / 「还有 40 秒」: how long until a declared value exists. */
export function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `还有 ${s} 秒`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `还有 ${m} 分钟`;
  const h = Math.floor(m / 60);
  if (h < 48) return `还有 ${h} 小时 ${m % 60} 分`;
  return `还有 ${Math.floor(h / 24)} 天`;
}

/** A stratum key in Chinese: A–E 类, 未分类, or 全部对象 when the task is not stratified. */
export function stratumLabel(key: string): string {
  if (key === 'all') return '全部对象';
  if (key === 'unrated') return '未分类';
  return /^[A-E]$/.test(key) ? `${key} 类` : key;
}
