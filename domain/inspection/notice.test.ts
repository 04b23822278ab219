import { describe, expect, it } from 'vitest';
import { chineseDate, defaultNoticePrefix, deliveryIssues, formatNoticeNumber, noticeBody, noticeTitle, resultChoices, titleLines } from './notice';

describe('行政检查通知书 wording (渝北 附件2)', () => {
  it('numbers as 部门联合双随机抽检字【year】第N号 after the department\'s short name, else its name', () => {
    expect(formatNoticeNumber(defaultNoticePrefix({ name: '长春市市场监督管理局', shortName: null }), 2026, 12)).toBe('长春市市场监督管理局 部门联合双随机抽检字【2026】第12号');
    expect(defaultNoticePrefix({ name: '长春市市场监督管理局', shortName: '长春市市监局' })).toBe('长春市市监局 部门联合双随机抽检字');
    expect(defaultNoticePrefix({ name: '长春市生态环境局', shortName: '  ' })).toBe('长春市生态环境局 部门联合双随机抽检字');
    expect(noticeTitle('渝北区')).toBe('渝北区部门联合“双随机、一公开”行政检查通知书');
  });

  it('writes the date in Chinese, or leaves the blanks of the paper form', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDate(null)).toBe('\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日');
    expect(noticeBody({ departmentNames: ['甲局'], inspectionDate: '2026-12-10' })).toContain('我单位定于2026年12月10日');
    expect(noticeBody({ departmentNames: ['甲局', '乙局'], inspectionDate: null })).toContain('甲局、乙局联合定于\u3000\u3000\u3000年');
  });

  it('checks a delivery against the issue time, the clock, and 留置送达\'s note', () => {
    const issued = '2026-12-04T01:00:00.000Z';
    const now = '2026-12-05T01:00:00.000Z';
    expect(deliveryIssues({ method: 'direct', deliveredAt: '2026-12-04T02:00:00.000Z', note: null }, issued, now)).toEqual([]);
    // Entered to the minute: the minute of issue is not "before" it.
    expect(deliveryIssues({ method: 'direct', deliveredAt: '2026-12-04T01:00:00.000Z', note: null }, '2026-12-04T01:00:42.500Z', now)).toEqual([]);
    expect(deliveryIssues({ method: 'direct', deliveredAt: '2026-12-04T00:59:00.000Z', note: null }, '2026-12-04T01:00:42.500Z', now).map((i) => i.field)).toEqual(['deliveredAt']);
    expect(deliveryIssues({ method: 'mail', deliveredAt: '2026-12-03T02:00:00.000Z', note: null }, issued, now).map((i) => i.field)).toEqual(['deliveredAt']);
    expect(deliveryIssues({ method: 'electronic', deliveredAt: '2026-12-06T02:00:00.000Z', note: null }, issued, now).map((i) => i.field)).toEqual(['deliveredAt']);
    expect(deliveryIssues({ method: 'left_at_premises', deliveredAt: '2026-12-04T02:00:00.000Z', note: null }, issued, now)).toEqual([{ field: 'note', message: '留置送达须在备注中写明拒收事由和见证人' }]);
  });
});

describe('实地核查记录表 layout (渝北 附件1)', () => {
  it('prints the title on two lines and the 是/否 wording of a content as its result boxes', () => {
    expect(titleLines('渝北区部门联合“双随机、一公开”实地核查记录表', '实地核查记录表')).toEqual(['渝北区部门联合“双随机、一公开”', '实地核查记录表']);
    expect(titleLines('实地核查记录表', '实地核查记录表')).toEqual(['实地核查记录表']);
    expect(resultChoices(['正常', '不正常'], { yesWording: '公示信息真实', noWording: '' })).toEqual(['是（公示信息真实）', '否（不符合）']);
    expect(resultChoices(['合格', '不合格'], { yesWording: '', noWording: '' })).toEqual(['合格', '不合格']);
    expect(resultChoices([], { yesWording: '', noWording: '' })).toEqual(['正常', '不正常']);
  });
});
