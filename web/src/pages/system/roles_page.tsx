/** 角色管理: what each role may do (menu and button permissions) and which data it sees (数据权限). */
import { Form, Input, Radio, Select, Tag } from 'antd';
import { DATA_SCOPE_KINDS, DATA_SCOPE_LABELS, type DataScopeKind } from '../../../../domain/access/data_scope';
import type { Permission } from '../../../../domain/access/permissions';
import { rolesApi, type RoleBody, type RoleRow } from '../../api/system';
import { DepartmentMultiSelect } from '../../components/department_select';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { PermissionTree } from '../../components/permission_tree';
import { STATUS_ENUM } from '../../components/value_tag';

const COLUMNS: readonly ListColumn<RoleRow>[] = [
  { key: 'name', title: '角色名称', dataIndex: 'name', search: true, width: 170 },
  { key: 'key', title: '角色标识', dataIndex: 'key', width: 140 },
  {
    key: 'dataScope', title: '数据权限', width: 130,
    render: (row) => (row.dataScope === 'custom' ? `${DATA_SCOPE_LABELS.custom}（${row.customDepartmentIds.length} 个）` : DATA_SCOPE_LABELS[row.dataScope]),
  },
  { key: 'permissions', title: '权限数', width: 80, render: (row) => row.permissions.length },
  { key: 'userCount', title: '用户数', dataIndex: 'userCount', width: 80 },
  { key: 'builtin', title: '类型', width: 80, render: (row) => (row.builtin ? <Tag color="gold">内置</Tag> : <Tag>自定义</Tag>) },
  { key: 'status', title: '状态', dataIndex: 'status', valueEnum: STATUS_ENUM, search: true, width: 90 },
  { key: 'remark', title: '备注', dataIndex: 'remark', ellipsis: true, width: 200, defaultHidden: true },
];

interface RoleFormValues {
  key: string;
  name: string;
  dataScope: DataScopeKind;
  customDepartmentIds: string[];
  permissions: Permission[];
  status: 'active' | 'disabled';
  remark?: string;
}

function toBody(v: RoleFormValues): RoleBody {
  return {
    key: v.key.trim(), name: v.name.trim(), dataScope: v.dataScope,
    customDepartmentIds: v.dataScope === 'custom' ? v.customDepartmentIds : [],
    permissions: v.permissions, status: v.status, remark: v.remark?.trim() || null,
  };
}

const ROLE_FORM: FormSpec<RoleRow, RoleBody, RoleBody, RoleFormValues> = {
  width: 720,
  initialValues: (row) => (row
    ? {
      key: row.key, name: row.name, dataScope: row.dataScope, customDepartmentIds: row.customDepartmentIds,
      permissions: row.permissions, status: row.status, remark: row.remark ?? '',
    }
    : { dataScope: 'department', customDepartmentIds: [], permissions: [], status: 'active' }),
  toCreate: toBody,
  toUpdate: toBody,
  fields: ({ row }) => (
    <>
      <Form.Item name="name" label="角色名称" rules={[{ required: true, whitespace: true, message: '请输入角色名称' }, { max: 40, message: '角色名称不能超过 40 个字符' }]}>
        <Input placeholder="如：区县监管员" />
      </Form.Item>
      <Form.Item
        name="key"
        label="角色标识"
        extra={row?.builtin ? '内置角色的标识不可修改' : '2–40 位小写字母、数字或下划线，以字母开头'}
        rules={[{ required: true, message: '请输入角色标识' }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: '角色标识为 2–40 位小写字母、数字或下划线，以字母开头' }]}
      >
        <Input placeholder="如：county_inspector" disabled={row?.builtin} />
      </Form.Item>
      <Form.Item name="dataScope" label="数据权限" rules={[{ required: true, message: '请选择数据权限范围' }]}>
        <Select options={DATA_SCOPE_KINDS.map((kind) => ({ value: kind, label: DATA_SCOPE_LABELS[kind] }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['dataScope']}>
        {({ getFieldValue }) => (getFieldValue('dataScope') === 'custom' ? (
          <Form.Item name="customDepartmentIds" label="自定义部门" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个部门' }]}>
            <DepartmentMultiSelect />
          </Form.Item>
        ) : null)}
      </Form.Item>
      <Form.Item name="permissions" label="功能权限" extra="勾选“查询”即可在菜单中看到该页面；其余各项控制新增、修改、删除、导入、导出等按钮">
        <PermissionTree />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={[{ value: 'active', label: '正常' }, { value: 'disabled', label: '停用' }]} />
      </Form.Item>
      <Form.Item name="remark" label="备注" rules={[{ max: 200, message: '备注不能超过 200 个字符' }]}>
        <Input.TextArea rows={2} placeholder="选填" />
      </Form.Item>
    </>
  ),
};

export function RolesPage() {
  return (
    <ListPage
      noun="角色"
      api={rolesApi}
      columns={COLUMNS}
      rowKey={(row) => row.id}
      rowLabel={(row) => `${row.name}（${row.key}）`}
      permissions={{ create: 'system:role:create', update: 'system:role:update', delete: 'system:role:delete' }}
      form={ROLE_FORM}
    />
  );
}
