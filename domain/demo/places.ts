/**
 * 长春市 district profiles for demo data: how many entities and cooperatives each gets, street names for
 * addresses, towns for rural addresses. Street and town names are those of the districts as far as known;
 * they are demo material, not a gazetteer.
 */
export interface DistrictProfile {
  readonly code: string;
  /** Short name as used in shop names: 朝阳区, 农安县, 榆树市. */
  readonly short: string;
  /** Latin slug for account names. */
  readonly slug: string;
  /** 市辖区 (named 长春市X区…) vs 县/县级市 (named X县…). */
  readonly isUrbanDistrict: boolean;
  readonly entityWeight: number;
  readonly cooperativeWeight: number;
  readonly streets: readonly string[];
  readonly towns: readonly string[];
}

export const CHANGCHUN_CODE = '220100';

export const DISTRICT_PROFILES: readonly DistrictProfile[] = [
  {
    code: '220102', short: '南关区', slug: 'nanguan', isUrbanDistrict: true, entityWeight: 13, cooperativeWeight: 0.5,
    streets: ['人民大街', '解放大路', '自由大路', '亚泰大街', '南湖大路', '大马路', '全安街', '民康路', '东岭南街', '平治街', '幸福街', '永吉街', '南环城路', '卫星路', '长春大街', '临河街'],
    towns: ['幸福街道', '新春街道', '玉潭镇'],
  },
  {
    code: '220103', short: '宽城区', slug: 'kuancheng', isUrbanDistrict: true, entityWeight: 9, cooperativeWeight: 0.5,
    streets: ['长白路', '北京大街', '凯旋路', '东大桥街', '柳影路', '北安路', '站前路', '珠江路', '北亚泰大街', '兰家大街', '台北大街', '新月路'],
    towns: ['兰家镇', '奋进乡', '欣园街道'],
  },
  {
    code: '220104', short: '朝阳区', slug: 'chaoyang', isUrbanDistrict: true, entityWeight: 16, cooperativeWeight: 0.3,
    streets: ['工农大路', '西安大路', '延安大街', '红旗街', '同志街', '前进大街', '湖西路', '繁荣路', '开运街', '建设街', '硅谷大街', '蔚山路', '飞跃路', '卫星路', '光机路', '锦湖大路'],
    towns: ['乐山镇', '永春镇', '富锋街道'],
  },
  {
    code: '220105', short: '二道区', slug: 'erdao', isUrbanDistrict: true, entityWeight: 10, cooperativeWeight: 1,
    streets: ['东盛大街', '吉林大路', '远达大街', '临河街', '东环城路', '浦东路', '东荣大路', '公平路', '和顺街', '自由大路', '惠工路', '岭东路'],
    towns: ['劝农山镇', '泉眼镇', '英俊镇'],
  },
  {
    code: '220106', short: '绿园区', slug: 'lvyuan', isUrbanDistrict: true, entityWeight: 10, cooperativeWeight: 0.5,
    streets: ['青年路', '普阳街', '景阳大路', '西安大路', '春城大街', '锦程大街', '皓月大路', '正阳街', '迎春路', '飞跃路', '同光路', '西环城路'],
    towns: ['合心镇', '西新镇', '城西镇'],
  },
  {
    code: '220112', short: '双阳区', slug: 'shuangyang', isUrbanDistrict: true, entityWeight: 4, cooperativeWeight: 3,
    streets: ['双阳大街', '平湖大街', '云山街', '长清路', '南环路', '太平街', '北山路'],
    towns: ['奢岭街道', '鹿乡镇', '齐家镇', '太平镇', '山河街道'],
  },
  {
    code: '220113', short: '九台区', slug: 'jiutai', isUrbanDistrict: true, entityWeight: 6, cooperativeWeight: 5,
    streets: ['新华大街', '南山街', '营城大街', '站前街', '卡伦大街', '沐石河路', '东湖大街'],
    towns: ['其塔木镇', '上河湾镇', '西营城街道', '土们岭街道', '城子街街道', '莽卡满族乡'],
  },
  {
    code: '220122', short: '农安县', slug: 'nongan', isUrbanDistrict: false, entityWeight: 7, cooperativeWeight: 10,
    streets: ['黄龙路', '宝塔街', '兴华街', '农安大街', '松江路', '华安路', '绿水街'],
    towns: ['合隆镇', '烧锅镇', '伏龙泉镇', '哈拉海镇', '开安镇', '青山口乡', '高家店镇', '华家镇'],
  },
  {
    code: '220182', short: '榆树市', slug: 'yushu', isUrbanDistrict: false, entityWeight: 7, cooperativeWeight: 10,
    streets: ['华昌街', '正阳街', '培英街', '榆树大街', '北环路', '新华路', '新民街'],
    towns: ['五棵树镇', '弓棚镇', '闵家镇', '大岭镇', '秀水镇', '保寿镇', '黑林镇'],
  },
  {
    code: '220183', short: '德惠市', slug: 'dehui', isUrbanDistrict: false, entityWeight: 6, cooperativeWeight: 8,
    streets: ['松柏路', '惠发街', '胜利街', '德惠大街', '建设路', '新华路', '长春路'],
    towns: ['米沙子镇', '大青咀镇', '朱城子镇', '布海镇', '天台镇', '岔路口镇'],
  },
  {
    code: '220184', short: '公主岭市', slug: 'gongzhuling', isUrbanDistrict: false, entityWeight: 8, cooperativeWeight: 10,
    streets: ['岭东路', '岭西街', '铁北路', '公主岭大街', '东三道街', '西二道街', '南环路'],
    towns: ['范家屯镇', '怀德镇', '黑林子镇', '朝阳坡镇', '杨大城子镇', '大榆树镇', '响水镇'],
  },
];

/** Village names for rural addresses (…镇X村). */
export const VILLAGES: readonly string[] = [
  '王家屯', '李家窝堡', '张家店', '刘家屯', '三家子', '四家子', '五家子', '东岗', '西岗', '前进', '新立', '新发', '太平',
  '永安', '长岭', '靠山屯', '大房身', '小城子', '双井', '腰站', '后屯', '前屯', '北沟', '南沟', '红旗', '东风', '胜利',
  '丰收', '富强', '兴隆', '保安', '万宝', '八里堡', '十里堡', '团山', '二龙', '三合', '四合', '六合', '庆丰', '新胜',
];

/** Residential compounds and office buildings for urban addresses. */
export const BUILDINGS: readonly string[] = [
  '万达广场', '亚泰富苑', '中海国际社区', '万科城', '华润中心', '财富广场', '国际金融中心', '欧亚商都', '恒大绿洲', '保利罗兰香谷',
  '长影世纪城', '东方广场', '赛德广场', '卓展中心', '明宇广场', '嘉惠园', '金色家园', '阳光城', '和平大厦', '净月商务中心',
  '北湖科技园', '光谷大厦', '汇锦名城', '天安第一城', '御景名门', '新星宇之郡', '鸿城国际', '红旗街万达', '伟峰国际', '融创上城',
];
