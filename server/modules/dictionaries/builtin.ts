/**
 * The built-in open code lists every installation starts with. Administrators may add, relabel,
 * reorder or disable items; the types themselves cannot be deleted or re-keyed, because forms and
 * imports look them up by key. Closed enums the code branches on (statuses, data scopes, outcomes)
 * are NOT dictionaries: they stay in code.
 */
export interface BuiltinDictionary {
  readonly key: string;
  readonly name: string;
  readonly remark: string;
  readonly items: readonly (readonly [value: string, label: string])[];
}

export const BUILTIN_DICTIONARIES: readonly BuiltinDictionary[] = [
  {
    key: 'inspector_post', name: '执法岗位', remark: '执法检查人员名录的岗位',
    items: [['law_enforcer', '执法人员'], ['section_chief', '科室负责人'], ['deputy_leader', '分管领导'], ['assistant', '协管员']],
  },
  {
    key: 'expertise', name: '业务专长', remark: '执法检查人员、专家的业务专长，用于按专长抽取',
    items: [
      ['food_safety', '食品安全'], ['special_equipment', '特种设备'], ['drugs', '药品'], ['medical_devices', '医疗器械'],
      ['cosmetics', '化妆品'], ['product_quality', '产品质量'], ['metrology', '计量'], ['standardization', '标准化'],
      ['certification', '认证认可'], ['pricing', '价格'], ['advertising', '广告'], ['online_trade', '网络交易'],
      ['intellectual_property', '知识产权'], ['fire_safety', '消防'], ['environmental_protection', '环保'], ['construction', '建筑施工'],
      ['road_transport', '道路运输'], ['work_safety', '安全生产'], ['statistics', '统计'], ['taxation', '税务'],
    ],
  },
  {
    key: 'entity_tag', name: '专项库标签', remark: '检查对象名录的专项库（特定对象库）标签',
    items: [
      ['special_equipment_user', '特种设备使用单位'], ['food_operator', '食品经营者'], ['drug_retailer', '药品经营企业'],
      ['gas_station', '加油站'], ['large_supermarket', '大型商超'], ['campus_vicinity', '校园周边经营者'],
    ],
  },
  {
    key: 'notice_method', name: '通知方式', remark: '检查通知、结果告知的方式',
    items: [['written', '书面'], ['phone', '电话'], ['fax', '传真'], ['sms', '短信'], ['platform_push', '平台推送']],
  },
];
