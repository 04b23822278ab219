import { describe, expect, it } from 'vitest';
import { recusalDecideRefusal, type RecusalApplicationFacts, type RecusalDecider } from './recusal_application';

const application: RecusalApplicationFacts = { status: 'pending', departmentId: 'd1', regionCode: '220104', appliedBy: 'u-inspector', inspectorUserId: 'u-inspector' };
const head: RecusalDecider = { userId: 'u-head', departmentId: 'd1', regionCode: '220104', roleKeys: ['dept_head'] };

describe('who decides a recusal application (威海第6条, 长春第13条)', () => {
  it('lets the head of the inspector’s department and the region’s 双随机办 decide', () => {
    expect(recusalDecideRefusal(application, head)).toBeNull();
    expect(recusalDecideRefusal(application, { userId: 'u-office', departmentId: 'o', regionCode: '220100', roleKeys: ['joint_office'] })).toBeNull();
  });

  it('refuses another department’s head, another region’s office, an administrator of the department and the applicant', () => {
    expect(recusalDecideRefusal(application, { ...head, departmentId: 'd2' })).toMatch(/所在部门的负责人/);
    expect(recusalDecideRefusal(application, { userId: 'u-office', departmentId: 'o', regionCode: '220200', roleKeys: ['joint_office'] })).toMatch(/双随机办/);
    expect(recusalDecideRefusal(application, { ...head, roleKeys: ['dept_admin'] })).not.toBeNull();
    expect(recusalDecideRefusal({ ...application, appliedBy: 'u-head' }, head)).toMatch(/本人/);
    expect(recusalDecideRefusal({ ...application, appliedBy: 'u-admin', inspectorUserId: 'u-head' }, head)).toMatch(/本人/);
  });

  it('refuses a decided application whoever asks', () => {
    expect(recusalDecideRefusal({ ...application, status: 'approved' }, head)).toBe('该回避申请已审批');
  });
});
