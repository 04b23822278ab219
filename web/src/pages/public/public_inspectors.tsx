/**
 * 执法检查人员名录公示 (东胜 四(二)2 「建立执法检查人员名录库，并对外公示」): name, department and 执法证号 only — the public
 * API answers nothing else (server/modules/inspectors/public_routes.ts).
 */
import { Alert, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { usePublicInspectorDepartments, usePublicInspectors, type PublicInspectorRow } from '../../api/public';

interface Filters {
  name?: string;
  departmentId?: string;
}

export function PublicInspectors() {
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const departments = usePublicInspectorDepartments();
  const list = usePublicInspectors({ ...filters, ...paging });
  const [form] = Form.useForm<Filters>();
  const search = (values: Filters) => {
    setFilters({ ...(values.name?.trim() ? { name: values.name.trim() } : {}), ...(values.departmentId ? { departmentId: values.departmentId } : {}) });
    setPaging((p) => ({ ...p, page: 1 }));
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
        <Form.Item name="name" label="姓名">
          <Input placeholder="请输入姓名" allowClear maxLength={32} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="departmentId" label="所属部门">
          <Select placeholder="全部部门" allowClear showSearch optionFilterProp="label" style={{ width: 280 }} loading={departments.isPending}
            options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">查询</Button>
            <Button onClick={() => { form.resetFields(); search({}); }}>重置</Button>
          </Space>
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(list.error)} />}
      <Table<PublicInspectorRow>
        rowKey={(r) => `${r.departmentName}/${r.certificateNo}`}
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 160 },
          { title: '所属部门', dataIndex: 'departmentName' },
          { title: '执法证号', dataIndex: 'certificateNo', width: 220 },
        ]}
        pagination={{
          current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
          showTotal: (total) => `共 ${total} 人`, onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
        locale={{ emptyText: '没有符合条件的执法检查人员' }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        名录只公示在岗、休假人员的姓名、所属部门和行政执法证号；联系方式等其他信息不公开。
      </Typography.Text>
    </Space>
  );
}
