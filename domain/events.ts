/**
 * The domain-event catalog (全程留痕). Every state change records one or more of these in the same
 * transaction as the change and its operation-log row; `docs/events.md` describes them. Payloads
 * carry identifiers and the changed facts, never passwords or secrets.
 */
export type DomainEvent =
  | { type: 'LoggedIn'; userId: string; account: string }
  | { type: 'LoggedOut'; userId: string; account: string }
  | { type: 'PasswordChanged'; userId: string; account: string }
  | { type: 'UserCreated'; userId: string; account: string; departmentId: string | null; roleIds: string[] }
  | { type: 'UserUpdated'; userId: string; account: string; changed: string[] }
  | { type: 'UserDeleted'; userId: string; account: string }
  | { type: 'UserPasswordReset'; userId: string; account: string }
  | { type: 'UsersImported'; added: number; rejected: number }
  | { type: 'RoleCreated'; roleId: string; key: string }
  | { type: 'RoleUpdated'; roleId: string; key: string; changed: string[] }
  | { type: 'RoleDeleted'; roleId: string; key: string }
  | { type: 'DepartmentCreated'; departmentId: string; name: string; regionCode: string }
  | { type: 'DepartmentUpdated'; departmentId: string; name: string; changed: string[] }
  | { type: 'DepartmentDeleted'; departmentId: string; name: string }
  | { type: 'RegionUpdated'; code: string; enabled: boolean }
  | { type: 'DictionaryTypeCreated'; key: string }
  | { type: 'DictionaryTypeUpdated'; key: string }
  | { type: 'DictionaryTypeDeleted'; key: string }
  | { type: 'DictionaryItemCreated'; typeKey: string; value: string }
  | { type: 'DictionaryItemUpdated'; typeKey: string; value: string }
  | { type: 'DictionaryItemDeleted'; typeKey: string; value: string }
  | { type: 'AuditChainVerified'; ok: boolean; rows: number; brokenSeq: number | null }
  | { type: 'AuditCheckpointCreated'; seq: number; headHash: string; keyId: string }
  | { type: 'DemoDataLoaded'; seed: string; entities: number }
  | { type: 'InspectorCreated'; inspectorId: string; name: string; departmentId: string; certificateNo: string }
  | { type: 'InspectorUpdated'; inspectorId: string; name: string; changed: string[] }
  | { type: 'InspectorDeleted'; inspectorId: string; name: string }
  | { type: 'InspectorsImported'; added: number; updated: number; rejected: number }
  | { type: 'InspectorRecusalDeclared'; inspectorId: string; conflictId: string; entityId: number | null; personName: string | null }
  | { type: 'InspectorRecusalWithdrawn'; inspectorId: string; conflictId: string }
  | { type: 'RecusalApplied'; applicationId: string; inspectorId: string; entityId: number; teamMemberId: string | null }
  | { type: 'RecusalApplicationDecided'; applicationId: string; inspectorId: string; decision: string; conflictId: string | null; replacementId: string | null }
  | { type: 'ExpertCreated'; expertId: string; name: string; departmentId: string }
  | { type: 'ExpertUpdated'; expertId: string; name: string; changed: string[] }
  | { type: 'ExpertDeleted'; expertId: string; name: string }
  | { type: 'ExpertsImported'; added: number; updated: number; rejected: number }
  | { type: 'ExpertConflictDeclared'; expertId: string; conflictId: string; entityId: number | null; personName: string | null }
  | { type: 'ExpertConflictWithdrawn'; expertId: string; conflictId: string }
  | { type: 'EntityCreated'; entityId: number; code: string; name: string; ownerDepartmentId: string }
  | { type: 'EntityUpdated'; entityId: number; code: string; changed: string[] }
  | { type: 'EntityStatusChanged'; entityId: number; code: string; from: string; to: string }
  | { type: 'EntityImportQueued'; jobId: string; fileName: string; mode: string }
  | { type: 'EntityImportBatchApplied'; jobId: string; batch: number; fromRow: number; toRow: number; added: number; updated: number; unchanged: number }
  | { type: 'EntitiesImported'; jobId: string; mode: string; added: number; updated: number; unchanged: number; rejected: number }
  | { type: 'EntityImportRefused'; jobId: string; mode: string; reason: string; rejected: number }
  | { type: 'EntityTagCreated'; tagId: string; name: string; departmentId: string }
  | { type: 'EntityTagUpdated'; tagId: string; name: string; changed: string[] }
  | { type: 'EntityTagDeleted'; tagId: string; name: string }
  | { type: 'EntityTagVersionConfirmed'; tagId: string; version: number; memberCount: number; excluded: number }
  | { type: 'DirectoryConfirmed'; departmentId: string; directory: string }
  | { type: 'DirectorySettingChanged'; key: string; value: number }
  | { type: 'ChecklistCreated'; checklistId: string; kind: string; name: string; departmentId: string | null; regionCode: string; baseChecklistId: string | null }
  | { type: 'ChecklistRenamed'; checklistId: string; name: string }
  | { type: 'ChecklistDeleted'; checklistId: string; name: string }
  | { type: 'ChecklistRevisionStarted'; checklistId: string; versionId: string; version: number; fromVersion: number | null }
  | { type: 'ChecklistDraftDiscarded'; checklistId: string; versionId: string; version: number }
  | { type: 'ChecklistItemsChanged'; checklistId: string; versionId: string; change: 'added' | 'updated' | 'deleted' | 'reordered' | 'imported' | 'joined' | 'synced'; codes: string[] }
  | { type: 'CalendarYearEntered'; year: number; holidayDays: number; makeupWorkdays: number; replaced: boolean }
  | { type: 'CalendarYearDeleted'; year: number }
  | { type: 'RegionalHolidayCreated'; holidayId: string; regionCode: string; date: string; name: string }
  | { type: 'RegionalHolidayUpdated'; holidayId: string; regionCode: string; date: string; changed: string[] }
  | { type: 'RegionalHolidayDeleted'; holidayId: string; regionCode: string; date: string }
  | { type: 'PlanCreated'; planId: string; kind: string; year: number; name: string; leadDepartmentId: string; regionCode: string }
  | { type: 'PlanEdited'; planId: string; version: number }
  | { type: 'ApprovalChainChanged'; regionCode: string; recordType: string; chainKey: string; steps: string[] }
  | { type: 'PlanDueDatesChanged'; regionCode: string; joint: string; department: string }
  | { type: 'PlanSubmitted'; planId: string; version: number; kind: string; firstStep: string }
  | { type: 'PlanWithdrawn'; planId: string; version: number }
  | { type: 'PlanStepApproved'; planId: string; version: number; step: string; comment: string | null }
  | { type: 'PlanReturned'; planId: string; version: number; step: string; comments: string }
  | { type: 'PlanPublished'; planId: string; version: number; adjusted: boolean }
  | { type: 'PlanAdjustmentStarted'; planId: string; fromVersion: number; version: number; reason: string; startedOn: string }
  | { type: 'PlanVoided'; planId: string; version: number; reason: string }
  | { type: 'TaskCreated'; taskId: string; code: string; name: string; planId: string | null; leadDepartmentId: string; participatingDepartmentIds: string[] }
  | { type: 'TaskUpdated'; taskId: string; code: string; changed: string[] }
  | { type: 'TaskStatusChanged'; taskId: string; from: string; to: string; event: string; reason?: string; step?: string }
  | { type: 'DrawStatusChanged'; drawId: string; taskId: string; attempt: number; from: string; to: string; event: string; reason?: string }
  // 派发、匹配与替换 (issue #9 items 5, 7–9)
  | { type: 'TaskDispatched'; taskId: string; objects: number; departmentIds: string[]; dueDate: string; dueProvisional: boolean }
  | { type: 'DispatchConfirmed'; taskId: string; departmentId: string; overdue: boolean }
  | { type: 'JointVisitMerged'; visitId: string; entityId: string; taskObjectIds: string[] }
  | { type: 'InspectorsMatched'; taskId: string; matchingRecordId: string; recordHash: string; objects: number; inspectors: number }
  | { type: 'ReplacementRequested'; replacementId: string; taskId: string; seq: number; reason: string }
  | { type: 'ReplacementDecided'; replacementId: string; taskId: string; decision: string; chosenInspectorId: string | null }
  | { type: 'ExpertReplaced'; replacementId: string; taskId: string; seq: number; reason: string; leavingExpertId: string; chosenExpertId: string }
  | { type: 'InspectionObjectReplaced'; replacementId: string; taskId: string; entityId: string; newEntityId: string | null; rule: string }
  // 检查实施与结果 (issue #10)
  | { type: 'InspectionResultSaved'; resultId: string; taskId: string; taskObjectId: string; status: string; rowVersion: number }
  | { type: 'InspectionResultStatusChanged'; resultId: string; taskId: string; taskObjectId: string; from: string; to: string; event: string; reason?: string }
  | { type: 'ResultAttachmentUploaded'; attachmentId: string; taskObjectId: string; kind: string; mime: string; byteSize: number; sha256: string }
  | { type: 'ResultCorrectionRequested'; correctionId: string; resultId: string; seq: number }
  | { type: 'ResultCorrectionDecided'; correctionId: string; resultId: string; seq: number; decision: string }
  // 后续处置 (server/modules/follow_ups)
  | { type: 'FollowUpCreated'; followUpId: string; resultId: string; departmentId: string; measure: string | null; automatic: boolean }
  | { type: 'FollowUpStatusChanged'; followUpId: string; resultId: string; from: string; to: string; event: string; reason?: string }
  | { type: 'FollowUpPlanned'; followUpId: string; resultId: string; measure: string | null; dueDate: string | null }
  | { type: 'FollowUpCorrectionNoted'; followUpId: string; resultId: string; correctionId: string; status: string; reason: string }
  // 异议与复核 (server/modules/objections)
  | { type: 'ObjectionFiled'; objectionId: string; resultId: string; channel: string; receivedOn: string }
  | { type: 'ObjectionStatusChanged'; objectionId: string; resultId: string; from: string; to: string; event: string; reason?: string }
  | { type: 'ObjectionAttachmentUploaded'; attachmentId: string; objectionId: string; mime: string; byteSize: number; sha256: string }
  | { type: 'EntityContactSet'; entityId: number }
  | { type: 'EntitySignedIn'; entityId: number }
  /** Anonymous: no result, entity or scores (server/modules/evaluations/entity_routes.ts). */
  | { type: 'InspectionEvaluated'; departmentId: string; year: number }
  // 行政检查通知书 (server/modules/notices)
  | { type: 'InspectionNoticeIssued'; noticeId: string; taskId: string; taskObjectId: string; departmentId: string; number: string; year: number; serial: number }
  | { type: 'InspectionNoticeDelivered'; noticeId: string; taskObjectId: string; method: string; deliveredAt: string; corrected: boolean }
  | { type: 'NoticePrefixChanged'; departmentId: string; prefix: string | null }
  | { type: 'ChecklistPublished'; checklistId: string; versionId: string; version: number; supersededVersionId: string | null; changeReason: string; added: number; removed: number; changed: number };

export type DomainEventType = DomainEvent['type'];

/** Chinese descriptions for the event catalog page and docs. */
export const DOMAIN_EVENT_LABELS: Record<DomainEventType, string> = {
  LoggedIn: '用户登录',
  LoggedOut: '用户退出',
  PasswordChanged: '修改密码',
  UserCreated: '新增用户',
  UserUpdated: '修改用户',
  UserDeleted: '删除用户',
  UserPasswordReset: '重置用户密码',
  UsersImported: '导入用户',
  RoleCreated: '新增角色',
  RoleUpdated: '修改角色',
  RoleDeleted: '删除角色',
  DepartmentCreated: '新增部门',
  DepartmentUpdated: '修改部门',
  DepartmentDeleted: '删除部门',
  RegionUpdated: '修改行政区划',
  DictionaryTypeCreated: '新增字典类型',
  DictionaryTypeUpdated: '修改字典类型',
  DictionaryTypeDeleted: '删除字典类型',
  DictionaryItemCreated: '新增字典数据',
  DictionaryItemUpdated: '修改字典数据',
  DictionaryItemDeleted: '删除字典数据',
  AuditChainVerified: '校验留痕链',
  AuditCheckpointCreated: '生成留痕检查点',
  DemoDataLoaded: '载入演示数据',
  InspectorCreated: '新增执法检查人员',
  InspectorUpdated: '修改执法检查人员',
  InspectorDeleted: '删除执法检查人员',
  InspectorsImported: '导入执法检查人员',
  InspectorRecusalDeclared: '登记回避',
  InspectorRecusalWithdrawn: '撤回回避',
  RecusalApplied: '申请回避',
  RecusalApplicationDecided: '审批回避申请',
  ExpertCreated: '新增专家',
  ExpertUpdated: '修改专家',
  ExpertDeleted: '删除专家',
  ExpertsImported: '导入专家',
  ExpertConflictDeclared: '登记专家回避',
  ExpertConflictWithdrawn: '撤回专家回避',
  EntityCreated: '新增检查对象',
  EntityUpdated: '修改检查对象',
  EntityStatusChanged: '变更检查对象登记状态',
  EntityImportQueued: '提交检查对象导入',
  EntityImportBatchApplied: '写入一批导入的检查对象',
  EntitiesImported: '导入检查对象',
  EntityImportRefused: '检查对象导入未写入（文件有错误）',
  EntityTagCreated: '新增专项库',
  EntityTagUpdated: '修改专项库',
  EntityTagDeleted: '删除专项库',
  EntityTagVersionConfirmed: '确认专项库版本',
  DirectoryConfirmed: '确认两库',
  DirectorySettingChanged: '修改两库确认时限',
  ChecklistCreated: '新建抽查事项清单',
  ChecklistRenamed: '修改抽查事项清单名称',
  ChecklistDeleted: '删除抽查事项清单',
  ChecklistRevisionStarted: '修订抽查事项清单（新建草稿版本）',
  ChecklistDraftDiscarded: '放弃抽查事项清单草稿',
  ChecklistItemsChanged: '编辑抽查事项清单草稿',
  ChecklistPublished: '发布抽查事项清单',
  PlanCreated: '新增年度抽查计划',
  PlanEdited: '编辑年度抽查计划',
  ApprovalChainChanged: '修改审批流程',
  PlanDueDatesChanged: '修改年度计划报送期限',
  PlanSubmitted: '提交年度抽查计划审核',
  PlanWithdrawn: '撤回审核中的年度抽查计划',
  PlanStepApproved: '年度抽查计划审核通过一步',
  PlanReturned: '退回年度抽查计划',
  PlanPublished: '发布年度抽查计划',
  PlanAdjustmentStarted: '调整年度抽查计划（新版本）',
  PlanVoided: '作废年度抽查计划',
  TaskCreated: '新增抽查任务',
  TaskUpdated: '修改抽查任务（实施方案）',
  TaskStatusChanged: '抽查任务状态变更',
  DrawStatusChanged: '抽取状态变更',
  TaskDispatched: '派发抽查任务的检查对象',
  DispatchConfirmed: '确认收到派发的检查对象',
  JointVisitMerged: '合并为联合检查（进一次门、查多项事）',
  InspectorsMatched: '随机匹配检查人员',
  ReplacementRequested: '申请替换检查人员',
  ReplacementDecided: '审批替换检查人员',
  ExpertReplaced: '替换专家',
  InspectionObjectReplaced: '替换已注销或迁出的检查对象',
  InspectionResultSaved: '保存检查结果',
  InspectionResultStatusChanged: '检查结果状态变更（提交、退回、通过、公示）',
  ResultAttachmentUploaded: '上传检查附件',
  ResultCorrectionRequested: '申请更正已公示的检查结果',
  ResultCorrectionDecided: '审批检查结果更正',
  FollowUpCreated: '登记后续处置',
  FollowUpStatusChanged: '后续处置状态变更（移送、接收、退回、办结）',
  FollowUpPlanned: '修改后续处置措施与期限',
  FollowUpCorrectionNoted: '检查结果更正后提示承办方后续处置已无必要',
  ObjectionFiled: '受理检查结果异议',
  ObjectionStatusChanged: '异议复核状态变更（开始复核、认定成立或不成立、反馈）',
  ObjectionAttachmentUploaded: '检查对象为异议上传证明材料',
  EntityContactSet: '登记检查对象的联系电话',
  EntitySignedIn: '检查对象凭验证码登录',
  InspectionEvaluated: '检查对象匿名评价检查工作',
  InspectionNoticeIssued: '行政检查通知书编号生成',
  InspectionNoticeDelivered: '登记行政检查通知书送达',
  NoticePrefixChanged: '修改行政检查通知书文号前缀',
  CalendarYearEntered: '录入年度节假日安排',
  CalendarYearDeleted: '删除已录入的年度节假日安排',
  RegionalHolidayCreated: '新增地方假日',
  RegionalHolidayUpdated: '修改地方假日',
  RegionalHolidayDeleted: '删除地方假日',
};
