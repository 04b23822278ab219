import { describe, expect, test } from 'vitest';
import { ApiError } from '../../api/client';
import { localRefusal, uploadBlockedReason, uploadRefusal } from './objection_file_rules';

const refusal = (status: number, code: string) => new ApiError(status, { code, message: 'server words' }, '/api/entity/objections/x/attachments');

describe('异议证明材料的上传限制与拒绝理由', () => {
  test('复核结论作出后、满 5 份后不能再上传，并说明原因', () => {
    expect(uploadBlockedReason('received', 0)).toBeNull();
    expect(uploadBlockedReason('reviewing', 4)).toBeNull();
    expect(uploadBlockedReason('reviewing', 5)).toContain('上限');
    expect(uploadBlockedReason('upheld', 0)).toContain('复核结论');
    expect(uploadBlockedReason('answered', 0)).toContain('复核结论');
  });

  test('超过 10 MB 或空文件在发送前拒绝', () => {
    expect(localRefusal({ name: 'a.jpg', size: 10 * 1024 * 1024 })).toBeNull();
    expect(localRefusal({ name: 'a.jpg', size: 10 * 1024 * 1024 + 1 })).toContain('10 MB');
    expect(localRefusal({ name: 'a.jpg', size: 0 })).toContain('空文件');
  });

  test('服务器的拒绝（类型、大小、结论后、超过 5 份）译为中文', () => {
    expect(uploadRefusal(refusal(400, 'ATTACHMENT_TYPE'), 'x.exe')).toMatch(/^文件“x\.exe”不是可接受的类型/);
    expect(uploadRefusal(refusal(413, 'HTTP_413'), 'big.pdf')).toContain('超过 10 MB');
    expect(uploadRefusal(refusal(400, 'ATTACHMENT_TOO_LARGE'), 'big.pdf')).toContain('超过 10 MB');
    expect(uploadRefusal(refusal(409, 'OBJECTION_DECIDED'), 'a.png')).toContain('复核结论');
    expect(uploadRefusal(refusal(409, 'OBJECTION_ATTACHMENT_LIMIT'), 'a.png')).toContain('至多上传 5 份');
    expect(uploadRefusal(refusal(500, 'INTERNAL'), 'a.png')).toBe('server words');
    expect(uploadRefusal(new TypeError('fetch failed'), 'a.png')).toContain('无法连接服务器');
  });
});
