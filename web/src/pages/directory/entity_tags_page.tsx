/**
 * 专项库 (长春第7条 辅助建库): tags on entities a department builds from industry codes and 经营范围 keywords
 * and confirms. Tags of the region are visible (for filtering); only the owning department changes one.
 */
import { Form, Input, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { entityTagsApi, type EntityTagCreateBody, type EntityTagRow, type EntityTagUpdateBody } from '../../api/directory';
import { useCurrentUser } from '../../auth/current_user';
import { DepartmentSelect } from '../../components/department_select';
import { formatDateTime } from '../../components/format';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';

const COLUMNS: readonly ListColumn<EntityTagRow>[] = [
  { key: 'name', title: '专项库名称', width: 170, ellipsis: true, search: { kind: 'text', name: 'name', placeholder: '专项库名称' }, render: (row) => <Link to={`/directory/entity-tags/${row.id}`}>{row.name}</Link> },
  {
    key: 'department', title: '维护部门', dataIndex: 'departmentName', ellipsis: true, width: 140,
    search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 200 }} /> },
  },
  { key: 'version', title: '现行版本', width: 90, render: (row) => (row.currentVersion === null ? <Tag color="orange">未确认</Tag> : <Tag color="green">第 {row.currentVersion} 版</Tag>) },
  { key: 'memberCount', title: '检查对象数', dataIndex: 'memberCount', width: 90 },
  {
    key: 'confirmed', title: '最近确认', width: 160, ellipsis: true,
    // To the minute in the cell; the seconds and who confirmed are on hover when the cell is narrow.
    render: (row) => (row.confirmedAt
      ? <span title={`${formatDateTime(row.confirmedAt)} · ${row.confirmedByName ?? '—'}`}>{formatDateTime(row.confirmedAt).slice(0, 16)}<Typography.Text type="secondary"> · {row.confirmedByName ?? '—'}</Typography.Text></span>
      : '—'),
  },
  // No width: 说明 takes the room left (at least 120 px), cut with an ellipsis and shown whole on hover.
  { key: 'description', title: '说明', dataIndex: 'description', ellipsis: true },
  { key: 'owner', title: '编辑权限', width: 90, defaultHidden: true, render: (row) => (row.canEdit ? <Tag color="blue">本部门</Tag> : <Tag>只读</Tag>) },
];

interface Values { name: string; description?: string; departmentId?: string }

export function EntityTagsPage() {
  const me = useCurrentUser();
  const form: FormSpec<EntityTagRow, EntityTagCreateBody, EntityTagUpdateBody, Values> = {
    width: 600,
    initialValues: (row) => (row ? { name: row.name, description: row.description ?? '' } : {}),
    toCreate: (v) => ({ name: v.name.trim(), description: v.description?.trim() || null, ...(v.departmentId ? { departmentId: v.departmentId } : {}) }),
    toUpdate: (v) => ({ name: v.name.trim(), description: v.description?.trim() || null }),
    fields: ({ mode }) => (
      <>
        <Form.Item name="name" label="专项库名称" rules={[{ required: true, whitespace: true, message: '请输入专项库名称' }, { min: 2, max: 60, message: '名称应为 2–60 个字符' }]}>
          <Input placeholder="如：特种设备使用单位、食品经营者" />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={[{ max: 300, message: '不能超过 300 个字符' }]}>
          <Input.TextArea rows={3} placeholder="纳入范围、依据等，选填" />
        </Form.Item>
        {mode === 'create' && me.department === null && (
          <Form.Item name="departmentId" label="所属部门" rules={[{ required: true, message: '请选择所属部门' }]}><DepartmentSelect /></Form.Item>
        )}
        {mode === 'create' && me.department !== null && (
          <Typography.Paragraph type="secondary">专项库属于{me.department.name}，由本部门维护；新增后在详情页生成候选名单并确认。</Typography.Paragraph>
        )}
      </>
    ),
  };
  return (
    <ListPage
      noun="专项库"
      api={entityTagsApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => row.name}
      permissions={{ create: 'directory:entity-tag:create', update: 'directory:entity-tag:update', delete: 'directory:entity-tag:delete' }}
      form={form}
      header={<Typography.Paragraph type="secondary">不能直接建立检查对象名录库的部门，可按国民经济行业分类和经营范围关键字辅助生成名录，经本部门审核确认后使用。每次确认形成一个新版本，历史版本保留。</Typography.Paragraph>}
    />
  );
}
