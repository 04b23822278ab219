/**
 * 执法检查人员名录公示 (东胜 四(二)2 「建立执法检查人员名录库，并对外公示」): name, department and 执法证号 only — the public
 * API answers nothing else (server/modules/inspectors/public_routes.ts). Filters and page live in the URL, as on every
 * list page (components/url_query.ts, components/search_form.tsx).
 */
import { Alert, Table, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { usePublicInspectorDepartments, usePublicInspectors, type PublicInspectorRow } from '../../api/public';
import type { SearchField } from '../../components/list_types';
import { SearchForm } from '../../components/search_form';
import { PAGE_SIZES, useListQuery } from '../../components/url_query';

const FILTERS = ['name', 'departmentId'];

export function PublicInspectors() {
  const query = useListQuery(FILTERS);
  const departments = usePublicInspectorDepartments();
  const list = usePublicInspectors({ ...query.filters, page: query.page, pageSize: query.pageSize });
  const fields: SearchField[] = [
    { kind: 'text', name: 'name', label: '姓名', placeholder: '请输入姓名' },
    { kind: 'select', name: 'departmentId', label: '所属部门', options: (departments.data ?? []).map((d) => ({ value: d.id, label: d.name })) },
  ];
  return (
    <>
      <SearchForm fields={fields} filters={query.filters} onSearch={query.search} />
      {list.isError && <Alert type="error" showIcon title="查询失败" description={errorMessage(list.error)} style={{ marginBottom: 16 }} />}
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
          current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [...PAGE_SIZES],
          showTotal: (total) => `共 ${total} 人`, onChange: query.setPage,
        }}
        locale={{ emptyText: '没有符合条件的执法检查人员' }}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
        名录只公示在岗、休假人员的姓名、所属部门和行政执法证号；联系方式等其他信息不公开。
      </Typography.Paragraph>
    </>
  );
}
