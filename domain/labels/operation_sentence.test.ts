import { describe, expect, it } from 'vitest';
import { failureReason, operationSentence, targetName, type LoggedOperation } from './operation_sentence';

const base: LoggedOperation = {
  actorName: '张三', actorDepartmentName: '长春市市场监督管理局', action: 'directory:entity:update', summary: '修改检查对象',
  targetType: 'market_entity', outcome: 'success', errorCode: null, detail: { name: '长春鑫源商贸有限公司', code: '91220104MA0000001X' },
};

describe('operationSentence', () => {
  it('says who changed which record', () => {
    expect(operationSentence(base)).toBe('张三（长春市市场监督管理局）修改检查对象「长春鑫源商贸有限公司」成功');
  });

  it('gives the reason of a failure: the code name, the code and the message shown', () => {
    expect(operationSentence({ ...base, outcome: 'failure', errorCode: 'ENTITY_CODE_TAKEN', detail: { ...base.detail, message: '代码 91220104MA0000001X 已在名录中，请勿重复登记' } }))
      .toBe('张三（长春市市场监督管理局）修改检查对象「长春鑫源商贸有限公司」失败：统一社会信用代码已在名录中（ENTITY_CODE_TAKEN）。系统提示：代码 91220104MA0000001X 已在名录中，请勿重复登记');
  });

  it('a refusal before the handler knows no record: status and message only', () => {
    expect(operationSentence({ ...base, targetType: null, outcome: 'failure', errorCode: 'FORBIDDEN', detail: { status: 403, message: '没有权限：directory:entity:update' } }))
      .toBe('张三（长春市市场监督管理局）修改检查对象失败：没有执行此操作的权限（FORBIDDEN）。系统提示：没有权限：directory:entity:update');
  });

  it('names the object type when the summary does not', () => {
    expect(operationSentence({ ...base, summary: '确认版本', targetType: 'entity_tag', detail: { name: '食品销售专项库' } }))
      .toBe('张三（长春市市场监督管理局）确认版本（专项库「食品销售专项库」）成功');
  });

  it('an anonymous sign-in is named by the account it tried', () => {
    expect(operationSentence({ ...base, actorName: null, actorDepartmentName: null, action: 'auth:login', summary: '登录', targetType: 'user', outcome: 'failure', errorCode: 'INVALID_CREDENTIALS', detail: { account: 'zhangsan', message: '账号或密码错误' } }))
      .toBe('未登录用户（账号「zhangsan」）登录失败：账号或密码错误（INVALID_CREDENTIALS）');
  });

  it('work the server does itself is the system’s; unknown codes read 其他', () => {
    expect(operationSentence({ ...base, actorName: null, actorDepartmentName: null, action: 'system:import-recovery', summary: '导入任务已中断', targetType: 'import_job', detail: {} }))
      .toBe('系统导入任务已中断成功');
    expect(operationSentence({ ...base, actorDepartmentName: null, outcome: 'failure', errorCode: 'HTTP_502', detail: { status: 502 } }))
      .toBe('张三修改检查对象失败：请求未成功（HTTP 502）');
    expect(failureReason('BRAND_NEW', '')).toBe('其他（BRAND_NEW）');
  });
});

describe('targetName', () => {
  it('prefers name（account）, then the first name-like field', () => {
    expect(targetName({ name: '李四', account: 'lisi' })).toBe('李四（lisi）');
    expect(targetName({ key: 'industry', id: 'x' })).toBe('industry');
    expect(targetName({ status: 400 })).toBe('');
  });
});
