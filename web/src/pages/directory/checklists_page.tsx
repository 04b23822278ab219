/**
 * 抽查事项清单 and 联合抽查事项清单: the lists in the caller's view, each with its version in force and
 * any draft. A department creates its lists (optionally on top of the city's list, 长春第6条); the
 * 双随机办 creates the region's joint list. Opening a list shows its versions and items.
 */
import { Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ChecklistKind } from '../../../../domain/checklist/types';
import {
  CHECKLIST_PAGES, checklistsApi, jointChecklistsApi, type ChecklistCreateBody, type ChecklistRow, type JointChecklistCreateBody,
} from '../../api/checklists';
import type { ResourceApi } from '../../api/resource';
import { DepartmentSelect } from '../../components/department_select';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { RegionTreeSelect } from '../../components/region_tree_select';

interface Values { name: string; departmentId?: string; regionCode?: string; baseChecklistId?: string }

function versionCell(row: ChecklistRow) {
  return row.currentVersion === null ? <Tag>未发布</Tag> : <Tag color="green">第 {row.currentVersion} 版</Tag>;
}

function columnsOf(kind: ChecklistKind): ListColumn<ChecklistRow>[] {
  return [
    { key: 'name', title: '清单名称', width: 280, ellipsis: true, search: { kind: 'text', name: 'name', placeholder: '清单名称' }, render: (row) => <Link to={`${CHECKLIST_PAGES[kind]}/${row.id}`}>{row.name}</Link> },
    kind === 'department'
      ? { key: 'departmentName', title: '维护部门', dataIndex: 'departmentName', width: 180, ellipsis: true, search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 220 }} /> } }
      : { key: 'regionName', title: '行政区划', dataIndex: 'regionName', width: 120 },
    { key: 'currentVersion', title: '现行版本', width: 100, render: versionCell },
    { key: 'draftVersion', title: '草稿', width: 110, render: (row) => (row.draftVersion === null ? '—' : <Tag color="orange">第 {row.draftVersion} 版草稿</Tag>) },
    { key: 'itemCount', title: '检查事项数', dataIndex: 'itemCount', width: 100 },
    { key: 'baseChecklistName', title: '上级清单', dataIndex: 'baseChecklistName', width: 240, ellipsis: true, defaultHidden: true },
    { key: 'publishedAt', title: '发布时间', dataIndex: 'publishedAt', valueType: 'dateTime', width: 170, defaultHidden: true },
  ];
}

/** Lists of the same kind with a version in force, offered as the base of a district list. */
function BaseSelect({ kind, value, onChange, id }: { kind: ChecklistKind; value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const api = kind === 'joint' ? jointChecklistsApi : checklistsApi;
  const lists = api.useList({ page: 1, pageSize: 200 });
  const options = (lists.data?.rows ?? []).filter((r) => r.currentVersion !== null).map((r) => ({ value: r.id, label: `${r.name}（${r.regionName}，第 ${r.currentVersion ?? ''} 版）` }));
  return <Select id={id} value={value} onChange={(v: string | undefined) => onChange?.(v)} allowClear placeholder="不选：独立制定；选择：在上级清单基础上补充本级事项" options={options} loading={lists.isPending} showSearch={{ optionFilterProp: 'label' }} />;
}

function formOf(kind: ChecklistKind): FormSpec<ChecklistRow, ChecklistCreateBody | JointChecklistCreateBody, { name: string }, Values> {
  return {
    width: 620,
    initialValues: (row) => (row ? { name: row.name } : {}),
    toCreate: (v) => (kind === 'joint'
      ? { name: v.name.trim(), regionCode: v.regionCode ?? '', baseChecklistId: v.baseChecklistId ?? null }
      : { name: v.name.trim(), departmentId: v.departmentId ?? '', baseChecklistId: v.baseChecklistId ?? null }),
    toUpdate: (v) => ({ name: v.name.trim() }),
    fields: ({ mode }) => (
      <>
        <Form.Item name="name" label="清单名称" rules={[{ required: true, whitespace: true, message: '请输入清单名称' }, { min: 2, message: '清单名称至少 2 个字符' }, { max: 100, message: '清单名称不能超过 100 个字符' }]}>
          <Input placeholder={kind === 'joint' ? '如：长春市市场监管领域部门联合抽查事项清单' : '如：长春市市场监督管理局随机抽查事项清单'} />
        </Form.Item>
        {mode === 'create' && kind === 'department' && (
          <Form.Item name="departmentId" label="维护部门" rules={[{ required: true, message: '请选择维护部门' }]} extra="谁制定、谁调整：清单由该部门维护">
            <DepartmentSelect />
          </Form.Item>
        )}
        {mode === 'create' && kind === 'joint' && (
          <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '请选择行政区划' }]} extra="每个行政区划一份联合抽查事项清单">
            <RegionTreeSelect />
          </Form.Item>
        )}
        {mode === 'create' && (
          <Form.Item name="baseChecklistId" label="上级清单" extra="县区可在上级清单基础上补充本辖区事项；上级事项在本级只读">
            <BaseSelect kind={kind} />
          </Form.Item>
        )}
        {mode === 'create' && <Typography.Text type="secondary">新建后生成第 1 版草稿，编辑事项后发布。</Typography.Text>}
      </>
    ),
  };
}

function ChecklistListPage({ kind }: { kind: ChecklistKind }) {
  const navigate = useNavigate();
  const manage = kind === 'joint' ? 'directory:joint-checklist:manage' as const : null;
  const columns = useMemo(() => columnsOf(kind), [kind]);
  return (
    <ListPage
      noun={kind === 'joint' ? '联合抽查事项清单' : '抽查事项清单'}
      api={(kind === 'joint' ? jointChecklistsApi : checklistsApi) as ResourceApi<ChecklistRow, ChecklistCreateBody | JointChecklistCreateBody, { name: string }>}
      columns={columns}
      rowKey={(row) => row.id}
      rowLabel={(row) => row.name}
      permissions={manage
        ? { create: manage, update: manage, delete: manage }
        : { create: 'directory:checklist:create', update: 'directory:checklist:update', delete: 'directory:checklist:delete' }}
      form={formOf(kind)}
      rowActions={(row) => [{ key: 'open', label: row.canEdit && row.draftVersion !== null ? '编辑草稿' : '查看', onClick: () => void navigate(`${CHECKLIST_PAGES[kind]}/${row.id}`) }]}
      actionColumnWidth={190}
      header={kind === 'joint'
        ? <Space style={{ marginBottom: 12 }}><Typography.Text type="secondary">市场监管领域部门联合抽查事项清单由双随机办从各部门现行清单中选取检查事项汇总而成。</Typography.Text></Space>
        : <Space style={{ marginBottom: 12 }}><Typography.Text type="secondary">已发布的版本不再修改；需要调整时「修订」生成新的草稿版本，发布时说明立改废释原因。</Typography.Text></Space>}
    />
  );
}

export function ChecklistsPage() {
  return <ChecklistListPage kind="department" />;
}

export function JointChecklistsPage() {
  return <ChecklistListPage kind="joint" />;
}
