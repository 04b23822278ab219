/**
 * The one list page (RuoYi's post/index.vue, ProTable's declarative form): search form → toolbar
 * (新增/修改/删除/导入/导出 as permitted) → selectable table with a fixed 操作 column → pagination →
 * create/edit dialog. Filters and page live in the URL. Configured by a column array and a form spec.
 */
import {
  DeleteOutlined, DownloadOutlined, EditOutlined, EyeInvisibleOutlined, EyeOutlined, PlusOutlined, SyncOutlined, UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Grid, Modal, Spin, Table, Tooltip, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import type { Permission } from '../../../domain/access/permissions';
import { errorMessage, type QueryParams } from '../api/client';
import type { ResourceApi } from '../api/resource';
import { useCan } from '../auth/current_user';
import { applyServerErrors } from './form_errors';
import { flexibleColumnKey, tableWidthOf } from './column_choice';
import { ColumnChooser, useColumnChoice } from './column_chooser';
import { ImportDialog, type ImportSpec } from './import_job_dialog';
import type { ListColumn } from './list_types';
import { paramNamesOf } from './list_types';
import { EmptyText, renderCell, RowActions } from './list_cells';
import { SearchForm, searchFieldsOf } from './search_form';
import { capabilitiesOf, refusals, toolbarState, type RowCapabilities } from './row_capabilities';
import { PAGE_SIZES, useListQuery } from './url_query';

export type FormMode = 'create' | 'edit';

export interface FormSpec<Row, CreateBody, UpdateBody, Values> {
  readonly width?: number;
  /** The dialog's Form.Items. Form field names equal the request body's keys, so server errors land on them. */
  readonly fields: (context: { mode: FormMode; row: Row | null; form: FormInstance<Values> }) => ReactNode;
  readonly initialValues: (row: Row | null) => Partial<Values>;
  readonly toCreate: (values: Values) => CreateBody;
  readonly toUpdate: (values: Values, row: Row) => UpdateBody;
}

export interface RowAction {
  readonly key: string;
  readonly label: string;
  readonly onClick: () => void;
  readonly permission?: Permission;
  readonly danger?: boolean;
  readonly disabled?: boolean;
  /** Shown on hover, e.g. why the action is disabled. */
  readonly reason?: string;
}

export interface ListPermissions {
  readonly create?: Permission;
  readonly update?: Permission;
  readonly delete?: Permission;
  readonly import?: Permission;
  readonly export?: Permission;
}

export interface ListPageProps<Row, CreateBody, UpdateBody, Values> {
  /** What one row is, for button and dialog texts: '用户' → 新增用户, 删除 3 个用户. */
  readonly noun: string;
  readonly api: ResourceApi<Row, CreateBody, UpdateBody>;
  readonly columns: readonly ListColumn<Row>[];
  readonly rowKey: (row: Row) => string;
  /** How a row is named in the delete confirmation. */
  readonly rowLabel: (row: Row) => string;
  readonly permissions?: ListPermissions;
  readonly form?: FormSpec<Row, CreateBody, UpdateBody, Values>;
  readonly importSpec?: ImportSpec;
  readonly rowActions?: (row: Row) => readonly RowAction[];
  /**
   * What the caller may do with a row (refused 修改/删除 are disabled, the reason shown on hover).
   * By default the server's answer the row carries (`actions`, see row_capabilities.ts).
   */
  readonly capabilities?: (row: Row) => RowCapabilities;
  /** Buttons after the standard ones. */
  readonly toolbarExtra?: ReactNode;
  /** Toolbar buttons acting on the selected rows (批量公示…); makes the rows selectable. */
  readonly batchActions?: (selected: readonly Row[], clearSelection: () => void) => ReactNode;
  /** Shown above the search form (e.g. the dictionary being edited). */
  readonly header?: ReactNode;
  /** Parameters every request carries besides the URL filters. */
  readonly fixedParams?: QueryParams;
  readonly actionColumnWidth?: number;
  /** Names the list in the stored 列设置 choice (default: the noun). */
  readonly listKey?: string;
}

/** The selection checkbox column's width (antd's default). */
const SELECTION_WIDTH = 32;
/** antd's Table is not memoised: with stable props, a render of the page that changes nothing in the table skips it. */
const MemoTable = memo(Table) as unknown as typeof Table;
/** The search form keeps its props across page changes (useListQuery), so turning a page does not re-render it. */
const MemoSearchForm = memo(SearchForm);
/** The dialog's fields (rendered even while closed, `forceRender`): re-rendered when the dialog or its spec changes, not with each page. */
const DialogFields = memo(function DialogFields({ render }: { render: () => ReactNode }) { return <>{render()}</>; });

export function ListPage<Row, CreateBody, UpdateBody, Values extends object>(props: ListPageProps<Row, CreateBody, UpdateBody, Values>) {
  const { noun, api, columns, rowKey, rowLabel, permissions = {}, form: formSpec } = props;
  const can = useCan();
  const { message, modal } = App.useApp();

  const searchFields = useMemo(() => searchFieldsOf(columns), [columns]);
  const filterNames = useMemo(() => searchFields.flatMap(paramNamesOf), [searchFields]);
  const query = useListQuery(filterNames);
  const columnChoice = useColumnChoice(props.listKey ?? noun, columns);
  const params: QueryParams = { ...props.fixedParams, ...query.filters, page: query.page, pageSize: query.pageSize };
  const list = api.useList(params);
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const total = list.data?.total ?? 0;
  /** Lists that stop counting at a cap (the entity directory at a million rows) say "1,000+". */
  const totalIsLowerBound = Boolean((list.data as { totalIsLowerBound?: boolean } | undefined)?.totalIsLowerBound);

  const [selectedKeys, setSelectedKeys] = useState<string[]>([]);
  const [showSearch, setShowSearch] = useState(true);
  const [dialog, setDialog] = useState<{ mode: FormMode; row: Row | null } | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const create = api.useCreate();
  const update = api.useUpdate();
  const remove = api.useRemove();
  const [form] = Form.useForm<Values>();

  const filterKey = JSON.stringify([query.filters, query.page, query.pageSize]);
  useEffect(() => setSelectedKeys((keys) => (keys.length === 0 ? keys : [])), [filterKey]);

  // After deleting the last rows of the last page, step back to the page that still has rows.
  useEffect(() => {
    if (list.data && list.data.rows.length === 0 && list.data.total > 0 && query.page > 1) {
      query.setPage(Math.max(1, Math.ceil(list.data.total / query.pageSize)), query.pageSize);
    }
  }, [list.data, query]);

  const selectedRows = rows.filter((row) => selectedKeys.includes(rowKey(row)));
  const canCreate = Boolean(formSpec && permissions.create && can(permissions.create));
  const canUpdate = Boolean(formSpec && permissions.update && can(permissions.update));
  const canDelete = Boolean(permissions.delete && can(permissions.delete));
  const canImport = Boolean(props.importSpec && permissions.import && can(permissions.import));
  const canExport = Boolean(permissions.export && can(permissions.export));
  const selectable = canUpdate || canDelete || Boolean(props.batchActions);
  const capabilities = props.capabilities ?? capabilitiesOf;

  function openDialog(mode: FormMode, row: Row | null) {
    if (!formSpec) return;
    form.resetFields();
    form.setFieldsValue(formSpec.initialValues(row));
    setDialog({ mode, row });
  }

  async function submitDialog() {
    if (!formSpec || !dialog) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      if (dialog.mode === 'edit' && dialog.row) {
        await update.mutateAsync({ id: rowKey(dialog.row), body: formSpec.toUpdate(values, dialog.row) });
        message.success('修改成功');
      } else {
        await create.mutateAsync(formSpec.toCreate(values));
        message.success('新增成功');
      }
      setDialog(null);
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  function confirmDelete(targets: readonly Row[]) {
    const blocked = refusals(targets, 'delete', capabilities);
    if (blocked.length > 0) {
      modal.warning({
        title: '以下数据不能删除',
        content: <ul style={{ paddingLeft: 20, margin: 0 }}>{blocked.map((b) => <li key={rowKey(b.row)}>{rowLabel(b.row)}：{b.reason}</li>)}</ul>,
        okText: '知道了',
      });
      return;
    }
    const shown = targets.slice(0, 10);
    modal.confirm({
      title: `确认删除以下 ${targets.length} 个${noun}？`,
      content: (
        <div>
          <ul style={{ paddingLeft: 20, margin: '8px 0' }}>
            {shown.map((row) => <li key={rowKey(row)}>{rowLabel(row)}</li>)}
          </ul>
          {targets.length > shown.length && <Typography.Text type="secondary">等共 {targets.length} 个</Typography.Text>}
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>删除后不可恢复，操作将记入操作日志。</Typography.Paragraph>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => deleteRows(targets),
    });
  }

  async function deleteRows(targets: readonly Row[]) {
    setDeleting(true);
    const failures: string[] = [];
    let done = 0;
    for (const row of targets) {
      try {
        await remove.mutateAsync(rowKey(row));
        done++;
      } catch (error) {
        failures.push(`${rowLabel(row)}：${errorMessage(error)}`);
      }
    }
    setDeleting(false);
    setSelectedKeys([]);
    if (failures.length === 0) {
      message.success(`已删除 ${done} 个${noun}`);
    } else {
      modal.error({
        title: done > 0 ? `已删除 ${done} 个，${failures.length} 个未能删除` : '删除失败',
        content: <ul style={{ paddingLeft: 20, margin: 0 }}>{failures.map((f) => <li key={f}>{f}</li>)}</ul>,
        okText: '知道了',
      });
    }
  }

  function rowActionsOf(row: Row): RowAction[] {
    const actions: RowAction[] = [];
    if (canUpdate) {
      const refused = capabilities(row).edit;
      actions.push({ key: 'edit', label: '修改', onClick: () => openDialog('edit', row), disabled: refused !== null, reason: refused ?? undefined });
    }
    if (canDelete) {
      const refused = capabilities(row).delete;
      actions.push({ key: 'delete', label: '删除', danger: true, onClick: () => confirmDelete([row]), disabled: refused !== null, reason: refused ?? undefined });
    }
    for (const action of props.rowActions?.(row) ?? []) {
      if (!action.permission || can(action.permission)) actions.push(action);
    }
    return actions;
  }

  const fieldsOf = formSpec?.fields;
  const renderFields = useCallback(() => fieldsOf?.({ mode: dialog?.mode ?? 'create', row: dialog?.row ?? null, form }), [fieldsOf, dialog, form]);
  const editState = toolbarState(selectedRows, 'edit', capabilities, rowLabel);
  const deleteState = toolbarState(selectedRows, 'delete', capabilities, rowLabel);
  const hasRowActions = canUpdate || canDelete || Boolean(props.rowActions);
  // The table re-renders every row whenever one of its props changes identity (rc-table's immutable mark), and a
  // page change renders this component three times (URL, fetching, data): the props below are kept stable so that
  // only a change of the rows re-renders them. Row actions read the latest closures through a ref.
  const latest = useRef({ rowActionsOf, rowKey, setPage: query.setPage });
  latest.current = { rowActionsOf, rowKey, setPage: query.setPage };
  const actionColumnWidth = props.actionColumnWidth ?? 150;
  const shownColumns = columnChoice.visible;
  const tableColumns = useMemo<TableColumnsType<Row>>(() => {
    const shown = columns.filter((column) => !column.hideInTable && shownColumns.includes(column.key));
    const flexible = flexibleColumnKey(shown);
    return [
      ...shown.map((column) => ({
        key: column.key,
        title: column.title,
        width: column.key === flexible ? undefined : column.width,
        ellipsis: column.ellipsis ? { showTitle: true } : false,
        render: (_: unknown, row: Row) => renderCell(column, row),
      })),
      ...(hasRowActions ? [{
        key: '__actions',
        title: '操作',
        fixed: 'right' as const,
        width: actionColumnWidth,
        render: (_: unknown, row: Row) => <RowActions actions={latest.current.rowActionsOf(row)} />,
      }] : []),
    ];
  }, [columns, shownColumns, hasRowActions, actionColumnWidth]);
  // Fixed layout at the columns' own widths, one long-text column taking what a wider screen adds; a narrower one scrolls.
  const scroll = useMemo(() => ({
    x: tableWidthOf(columns.filter((column) => !column.hideInTable && shownColumns.includes(column.key))) + (hasRowActions ? actionColumnWidth : 0) + (selectable ? SELECTION_WIDTH : 0),
  }), [columns, shownColumns, hasRowActions, actionColumnWidth, selectable]);
  // A row is keyed in the table by its position on the page, not by its id: turning a page then updates the 20 rows in
  // place (new text in the same cells, buttons and tags) instead of unmounting 20 rows of antd components and mounting 20
  // new ones with their DOM and styles, which was most of a page change. The selection stays a set of ids: the table
  // is given the positions of the selected ids, and a change of the table's selection is read back as rows.
  const positions = useMemo(() => new Map(rows.map((row, index) => [row, String(index)])), [rows]);
  const tableRowKey = useCallback((row: Row) => positions.get(row) ?? latest.current.rowKey(row), [positions]);
  const selectedPositions = useMemo(
    () => rows.flatMap((row, index) => (selectedKeys.includes(latest.current.rowKey(row)) ? [String(index)] : [])),
    [rows, selectedKeys],
  );
  const rowSelection = useMemo(
    () => (selectable ? {
      selectedRowKeys: selectedPositions,
      onChange: (_keys: Key[], chosen: readonly (Row | undefined)[]) => setSelectedKeys(chosen.flatMap((row) => (row ? [latest.current.rowKey(row)] : []))),
      fixed: true,
    } : undefined),
    [selectable, selectedPositions],
  );
  const emptyText = list.isPending && !list.isError
    ? 'pending' : list.isError ? 'error' : Object.keys(query.filters).length > 0 ? 'filtered' : 'empty';
  const tableLocale = useMemo(() => ({ emptyText: <EmptyText state={emptyText} /> }), [emptyText]);
  // The page shown is the page of the rows shown: it moves with the rows (one table render), not ahead of them.
  const shownPage = list.data?.page ?? query.page;
  const shownPageSize = list.data?.pageSize ?? query.pageSize;
  // On a phone the pager is the compact one (‹ 2 / 30 ›): the full one is wider than the screen.
  const narrow = Grid.useBreakpoint().md === false;
  const pagination = useMemo(() => ({
    current: shownPage,
    pageSize: shownPageSize,
    total,
    simple: narrow,
    showSizeChanger: !narrow,
    showQuickJumper: !narrow,
    pageSizeOptions: PAGE_SIZES.map(String),
    showTotal: (count: number, range: [number, number]) => `显示 第 ${range[0]}-${range[1]} 条/共 ${count}${totalIsLowerBound ? '+' : ''} 条`,
    onChange: (page: number, pageSize: number) => latest.current.setPage(page, pageSize),
  }), [shownPage, shownPageSize, total, totalIsLowerBound, narrow]);

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? '12px 12px 4px' : '20px 20px 8px' } }}>
      {props.header}
      {showSearch && <MemoSearchForm fields={searchFields} filters={query.filters} onSearch={query.search} />}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 12, flexWrap: 'wrap' }}>
        {canCreate && <Button type="primary" ghost icon={<PlusOutlined />} onClick={() => openDialog('create', null)}>新增</Button>}
        {canUpdate && (
          <Tooltip title={editState.reason}>
            <Button
              icon={<EditOutlined />}
              disabled={editState.disabled}
              onClick={() => { const [row] = selectedRows; if (row) openDialog('edit', row); }}
              style={editState.disabled ? undefined : { color: '#52c41a', borderColor: '#b7eb8f' }}
            >
              修改
            </Button>
          </Tooltip>
        )}
        {canDelete && (
          <Tooltip title={deleteState.reason}>
            <Button danger icon={<DeleteOutlined />} disabled={deleteState.disabled} loading={deleting} onClick={() => confirmDelete(selectedRows)}>
              删除{selectedRows.length > 0 ? `（${selectedRows.length}）` : ''}
            </Button>
          </Tooltip>
        )}
        {canImport && <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>导入</Button>}
        {canExport && (
          <Tooltip title="按当前搜索条件导出全部结果（Excel）">
            <Button icon={<DownloadOutlined />} onClick={() => window.location.assign(api.exportUrl({ ...props.fixedParams, ...query.filters }))}>导出</Button>
          </Tooltip>
        )}
        {props.batchActions?.(selectedRows, () => setSelectedKeys([]))}
        {props.toolbarExtra}
        <div style={{ flex: 1 }} />
        {searchFields.length > 0 && (
          <Tooltip title={showSearch ? '隐藏搜索' : '显示搜索'}>
            <Button shape="circle" aria-label={showSearch ? '隐藏搜索' : '显示搜索'} icon={showSearch ? <EyeInvisibleOutlined /> : <EyeOutlined />} onClick={() => setShowSearch(!showSearch)} />
          </Tooltip>
        )}
        <ColumnChooser columns={columns} visible={shownColumns} onChange={columnChoice.setVisible} onReset={columnChoice.reset} />
        <Tooltip title="刷新">
          <Button shape="circle" aria-label="刷新" icon={<SyncOutlined spin={list.isFetching && !list.isPending} />} onClick={() => void list.refetch()} />
        </Tooltip>
      </div>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          title={`${noun}列表加载失败`}
          description={errorMessage(list.error)}
          action={<Button size="small" onClick={() => void list.refetch()}>重试</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Spin spinning={list.isFetching} delay={200}>
        <MemoTable<Row>
          rowKey={tableRowKey}
          columns={tableColumns}
          dataSource={rows}
          size="middle"
          scroll={scroll}
          tableLayout="fixed"
          rowSelection={rowSelection}
          locale={tableLocale}
          pagination={pagination}
        />
      </Spin>
      {formSpec && (
        <Modal
          title={dialog?.mode === 'edit' ? `修改${noun}` : `新增${noun}`}
          open={dialog !== null}
          width={formSpec.width ?? 560}
          onOk={() => void submitDialog()}
          onCancel={() => setDialog(null)}
          okText="确定"
          cancelText="取消"
          confirmLoading={create.isPending || update.isPending}
          forceRender
          mask={{ closable: false }}
        >
          <Form form={form} name="dialog" layout="horizontal" labelCol={{ flex: '100px' }} wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }} style={{ marginTop: 16 }} labelWrap>
            <DialogFields render={renderFields} />
          </Form>
        </Modal>
      )}
      {props.importSpec && canImport && <ImportDialog spec={props.importSpec} open={importOpen} onClose={() => setImportOpen(false)} />}
    </Card>
  );
}
