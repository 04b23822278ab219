/** 检查对象详情: every field of one record, its 专项库, and (with the permission) the internal risk information. */
import { Alert, Descriptions, Drawer, Empty, Space, Spin, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEntity, type EntityDetail } from '../../api/entities';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ValueTag } from '../../components/value_tag';
import { EntityContact } from './entity_contact';
import { ENTITY_STATUS_ENUM, RISK_CLASS_ENUM } from './entity_labels';

const none = <Typography.Text type="secondary">—</Typography.Text>;
const orNone = (value: ReactNode) => (value === null || value === undefined || value === '' ? none : value);

function body(entity: EntityDetail) {
  const internal = entity.internal;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {!entity.canEdit && (
        <Alert type="info" showIcon title={`由${entity.ownerDepartmentName ?? '其他部门'}维护`} description="您可以查看和抽取；修改由登记机关或本级双随机办进行。" />
      )}
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 150 } }}>
        <Descriptions.Item label="名称">{entity.name}</Descriptions.Item>
        <Descriptions.Item label={entity.codeType === 'registration_number' ? '注册号' : entity.codeType === 'other' ? '标识' : '统一社会信用代码'}>
          <Typography.Text copyable>{entity.code}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="拼音首字母">{orNone(entity.nameInitials)}</Descriptions.Item>
        <Descriptions.Item label="主体类型">{entity.entityTypeLabel}</Descriptions.Item>
        <Descriptions.Item label="登记状态"><ValueTag value={entity.status} valueEnum={ENTITY_STATUS_ENUM} /></Descriptions.Item>
        <Descriptions.Item label="法定代表人/负责人">{orNone(entity.legalRepresentative)}</Descriptions.Item>
        <Descriptions.Item label="行政区划">{entity.regionName}（{entity.regionCode}）</Descriptions.Item>
        <Descriptions.Item label="住所/经营场所">{orNone(entity.address)}</Descriptions.Item>
        <Descriptions.Item label="行业">{entity.industryCode ? `${entity.industryCode} ${entity.industryName ?? ''}` : none}</Descriptions.Item>
        <Descriptions.Item label="成立日期">{orNone(entity.registeredOn)}</Descriptions.Item>
        <Descriptions.Item label="经营范围">{entity.businessScope ? <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 4, expandable: true, symbol: '展开' }}>{entity.businessScope}</Typography.Paragraph> : none}</Descriptions.Item>
        <Descriptions.Item label="登记机关">{orNone(entity.ownerDepartmentName)}</Descriptions.Item>
        <Descriptions.Item label="经营异常名录">{entity.abnormalList ? <Tag color="orange">已列入</Tag> : '未列入'}</Descriptions.Item>
        <Descriptions.Item label="严重违法失信名单">{entity.seriousViolation ? <Tag color="red">已列入</Tag> : '未列入'}</Descriptions.Item>
        <Descriptions.Item label="最近检查日期">{orNone(entity.lastInspectedOn)}</Descriptions.Item>
        <Descriptions.Item label="本年检查次数">{entity.inspectionsThisYear}</Descriptions.Item>
        <Descriptions.Item label="专项库">{entity.tags.length > 0 ? entity.tags.map((t) => <Tag key={t.id} color="blue">{t.name}</Tag>) : none}</Descriptions.Item>
        <Descriptions.Item label="更新时间">{formatDateTime(entity.updatedAt)}</Descriptions.Item>
      </Descriptions>
      <EntityContact entity={entity} />
      {internal && (
        <Descriptions title="内部信息（不公开）" column={1} size="small" bordered styles={{ label: { width: 150 } }}>
          <Descriptions.Item label="信用风险分类"><ValueTag value={internal.riskClass} valueEnum={RISK_CLASS_ENUM} /></Descriptions.Item>
          <Descriptions.Item label="投诉举报次数">{internal.complaintsCount}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

export function EntityDrawer({ id, onClose, extra }: { id: string | null; onClose: () => void; extra?: (entity: EntityDetail) => ReactNode }) {
  const entity = useEntity(id);
  return (
    <Drawer title="检查对象详情" open={id !== null} onClose={onClose} size={560} extra={entity.data && extra ? extra(entity.data) : null}>
      {entity.isPending ? <Spin /> : entity.isError ? <Empty description={errorMessage(entity.error)} /> : body(entity.data)}
    </Drawer>
  );
}
