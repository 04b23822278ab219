/**
 * Random sources of suiji-draw/2 (docs/draw-protocol.md §15): every source has a declared type and
 * one canonical spelling. A value that is not exactly canonical is refused — never normalised —
 * because two spellings of one lottery result would be two seeds, i.e. a choice for whoever types it.
 */
import { ok, type Result } from '../basics/result';
import { drawError, type DrawError } from './errors';
import { isNfc, isWellFormed } from './encoding';
import { isIsoInstantUtc, isNonBlank } from './text_rules';

export type SourceType = 'lottery' | 'beacon' | 'dice';
export type LotteryGame = 'fc-ssq' | 'fc-3d' | 'tc-pl3';

/**
 * A source declared in the /2 commitment before its value exists. All keys are always present
 * (`""` where unused) so that every implementation hashes the same map.
 */
export interface SourceDeclaration {
  readonly id: string;
  readonly type: string;
  /** Lottery game (`fc-ssq`, `fc-3d`, `tc-pl3`) or beacon name. */
  readonly name: string;
  /** Lottery issue number (期号) or beacon round. */
  readonly round: string;
  /** Dice: number of throws; beacon: value length in bytes. */
  readonly count: string;
  /** When the value comes into existence, `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly availableAt: string;
  /** Dice thrown before the commitment when an outside source exists (§15.3); otherwise "". */
  readonly value: string;
  readonly description: string;
}

export interface SourceValue {
  readonly id: string;
  readonly value: string;
}

export const SOURCE_KEYS = ['id', 'type', 'name', 'round', 'count', 'availableAt', 'value', 'description'] as const;

export const LOTTERY_LABELS: Readonly<Record<LotteryGame, string>> = {
  'fc-ssq': '福彩双色球',
  'fc-3d': '福彩3D',
  'tc-pl3': '体彩排列三',
};

const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const BEACON_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const BEACON_ROUND = /^[1-9][0-9]{0,15}$/;
const DICE_COUNT = /^[1-9][0-9]?$/;
const ISSUE: Readonly<Record<LotteryGame, RegExp>> = {
  'fc-ssq': /^20[0-9]{2}(?!000)[0-9]{3}$/,
  'fc-3d': /^20[0-9]{2}(?!000)[0-9]{3}$/,
  'tc-pl3': /^[0-9]{2}(?!000)[0-9]{3}$/,
};
const ISSUE_TEXT: Readonly<Record<LotteryGame, string>> = {
  'fc-ssq': '7 位数字（年份 4 位 + 期数 3 位，如 2025024）',
  'fc-3d': '7 位数字（年份 4 位 + 期数 3 位，如 2025061）',
  'tc-pl3': '5 位数字（年份后 2 位 + 期数 3 位，如 25061）',
};

export function isLotteryGame(name: string): name is LotteryGame {
  return name === 'fc-ssq' || name === 'fc-3d' || name === 'tc-pl3';
}

/** Lottery and beacon values come from someone outside the draw and are public afterwards. */
export function isOutsideSource(s: Pick<SourceDeclaration, 'type'>): boolean {
  return s.type === 'lottery' || s.type === 'beacon';
}

const TWO = (lo: number, hi: number): string => `(?:${Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i).padStart(2, '0')).join('|')})`;
const SSQ = new RegExp(`^${TWO(1, 33)}(?: ${TWO(1, 33)}){5} ${TWO(1, 16)}$`);

/**
 * Checks one value against its declared grammar (§15.2) and returns it unchanged, or an
 * `INVALID_SOURCE_VALUE` error whose message tells the person at the entry form the exact form.
 */
export function validateSourceValue(source: SourceDeclaration, value: string, path = 'value'): Result<string, DrawError> {
  const fail = (form: string): Result<string, DrawError> => drawError('INVALID_SOURCE_VALUE', `随机数“${source.id}”的值“${value}”不是规范形式：${form}。请按原样照抄，不要加空格、逗号或全角数字`, path);
  switch (source.type) {
    case 'lottery':
      switch (source.name) {
        case 'fc-ssq': {
          const form = '双色球开奖号码须为 6 个红球（01–33，从小到大，不重复）和 1 个蓝球（01–16），每个两位数字，以一个半角空格分隔，例如 03 09 14 22 27 31 08';
          if (!SSQ.test(value)) return fail(form);
          const reds = value.split(' ').slice(0, 6).map(Number);
          for (let i = 1; i < 6; i++) if ((reds[i] as number) <= (reds[i - 1] as number)) return fail(form);
          return ok(value);
        }
        case 'fc-3d':
        case 'tc-pl3':
          return /^[0-9]{3}$/.test(value) ? ok(value) : fail(`${LOTTERY_LABELS[source.name]}开奖号码须为 3 个半角数字，按百位、十位、个位顺序连写，例如 073`);
        default:
          return drawError('INVALID_SOURCE', `未知的彩票玩法“${source.name}”`, path);
      }
    case 'beacon': {
      const bytes = Number(source.count);
      return new RegExp(`^[0-9a-f]{${2 * bytes}}$`).test(value) ? ok(value) : fail(`信标“${source.name}”第 ${source.round} 轮的值须为 ${2 * bytes} 位小写十六进制`);
    }
    case 'dice': {
      const k = Number(source.count);
      return new RegExp(`^[1-6](?: [1-6]){${k - 1}}$`).test(value) ? ok(value) : fail(`须为 ${k} 个骰子点数（1–6），按掷出顺序，以一个半角空格分隔，例如 ${'3 1 4 1 5 2 6 5 '.repeat(8).slice(0, 2 * k - 1)}`);
    }
    default:
      return drawError('INVALID_SOURCE', `未知的随机数来源类型“${source.type}”`, path);
  }
}

/** The fields of one declaration, in the order of the table of §15.1. */
function checkDeclaration(s: SourceDeclaration, path: string): Result<true, DrawError> {
  const bad = (key: string, message: string): Result<true, DrawError> => drawError('INVALID_SOURCE', `随机数来源“${s.id}”：${message}`, `${path}.${key}`);
  if (!SOURCE_ID.test(s.id)) return bad('id', '编号须为 1–32 个小写字母、数字、- 或 _');
  switch (s.type) {
    case 'lottery':
      if (!isLotteryGame(s.name)) return bad('name', '彩票玩法须为 fc-ssq（福彩双色球）、fc-3d（福彩3D）或 tc-pl3（体彩排列三）');
      if (!ISSUE[s.name].test(s.round)) return bad('round', `${LOTTERY_LABELS[s.name]}期号须为${ISSUE_TEXT[s.name]}`);
      if (s.count !== '') return bad('count', '彩票来源不填写 count');
      break;
    case 'beacon':
      if (!BEACON_NAME.test(s.name)) return bad('name', '信标名称须为小写字母、数字、.、- 或 _');
      if (!BEACON_ROUND.test(s.round)) return bad('round', '信标轮次须为正整数');
      if (!['16', '32', '64'].includes(s.count)) return bad('count', '信标值长度须为 16、32 或 64 字节');
      break;
    case 'dice':
      if (s.name !== '' || s.round !== '') return bad('name', '骰子来源不填写 name 和 round');
      if (!DICE_COUNT.test(s.count) || Number(s.count) > 64) return bad('count', '掷骰次数须为 1–64');
      break;
    default:
      return bad('type', '类型须为 lottery（彩票开奖号码）、beacon（公共随机信标）或 dice（现场掷骰）');
  }
  if (!isIsoInstantUtc(s.availableAt)) return bad('availableAt', '产生时间须为 YYYY-MM-DDTHH:MM:SSZ（协调世界时）');
  if (s.type !== 'dice' && s.value !== '') return bad('value', '彩票和信标的值须在开奖后录入，不能写入承诺');
  if (!isNonBlank(s.description) || !isWellFormed(s.description) || !isNfc(s.description)) return bad('description', '说明须为非空白的 NFC 文本');
  return ok(true);
}

/**
 * Checks the declared sources and their combination (§15.1, §15.3): at least one, ids unique; an
 * outside source (lottery, beacon) unless a documented exception is committed; dice next to an
 * outside source are thrown and sealed before the commitment.
 */
export function checkSourceDeclarations(sources: readonly SourceDeclaration[], sourceException: string, base = 'commitment'): Result<true, DrawError> {
  if (sources.length === 0) return drawError('INVALID_SOURCE', '至少须声明一个随机数来源（如福彩双色球某一期的开奖号码）', `${base}.sources`);
  const seen = new Set<string>();
  for (const [i, s] of sources.entries()) {
    const r = checkDeclaration(s, `${base}.sources[${i}]`);
    if (!r.ok) return r;
    if (seen.has(s.id)) return drawError('INVALID_SOURCE', `随机数来源编号“${s.id}”重复`, `${base}.sources[${i}].id`);
    seen.add(s.id);
  }
  const outside = sources.some(isOutsideSource);
  if (outside && sourceException !== '') return drawError('INVALID_SOURCE', '已声明彩票或信标来源时不能再声明例外', `${base}.sourceException`);
  for (const [i, s] of sources.entries()) {
    if (s.type !== 'dice') continue;
    if (outside && s.value === '') return drawError('INVALID_SOURCE', `骰子“${s.id}”与彩票或信标同用时，须在承诺前掷出并写入承诺（否则掷骰者可在开奖后选择结果）`, `${base}.sources[${i}].value`);
    if (!outside && s.value !== '') return drawError('INVALID_SOURCE', `仅用骰子时，点数须在承诺锚定后录入，不能写入承诺`, `${base}.sources[${i}].value`);
    if (s.value !== '') {
      const v = validateSourceValue(s, s.value, `${base}.sources[${i}].value`);
      if (!v.ok) return v;
    }
  }
  if (!outside) {
    if (!isNonBlank(sourceException) || !isWellFormed(sourceException) || !isNfc(sourceException)) {
      return drawError('SOURCE_NOT_INDEPENDENT', '只有当事各方能控制的来源（骰子）时，操作者和监督人员可以合谋预先算出结果：须至少声明一个彩票或信标来源，或在承诺中写明经批准的例外', `${base}.sourceException`);
    }
  }
  return ok(true);
}

/** The sources whose value is entered after the commitment (§15.3), in declaration order. */
export function enteredSources(sources: readonly SourceDeclaration[]): SourceDeclaration[] {
  return sources.filter((s) => s.value === '');
}

/** Checks the entered values: one per entered source, same ids in order, each in its grammar. */
export function checkSourceValues(sources: readonly SourceDeclaration[], values: readonly SourceValue[]): Result<true, DrawError> {
  const expected = enteredSources(sources);
  if (values.length !== expected.length) return drawError('INVALID_SEED_INPUT', `承诺声明了 ${expected.length} 个待录入的随机数，却录入了 ${values.length} 个值`, 'receipt.sourceValues');
  for (const [i, v] of values.entries()) {
    const s = expected[i] as SourceDeclaration;
    if (v.id !== s.id) return drawError('INVALID_SEED_INPUT', `第 ${i + 1} 个随机数应来自“${s.id}”，实际为“${v.id}”`, `receipt.sourceValues[${i}].id`);
    const r = validateSourceValue(s, v.value, `receipt.sourceValues[${i}].value`);
    if (!r.ok) return r;
  }
  return ok(true);
}

/** Every source's value in declaration order: the committed one, or the entered one. */
export function allSourceValues(sources: readonly SourceDeclaration[], entered: readonly SourceValue[]): SourceValue[] {
  const byId = new Map(entered.map((v) => [v.id, v.value]));
  return sources.map((s) => ({ id: s.id, value: s.value !== '' ? s.value : (byId.get(s.id) ?? '') }));
}
