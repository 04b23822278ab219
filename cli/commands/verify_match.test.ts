import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPython } from './python_verifiers';
import { generatedRecords, matchVectors, MATCH_VECTOR_DIR, type MatchVector } from '../../bench/match_vectors';
import { verifyMatchText } from './verify_match';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const stored: MatchVector[] = readdirSync(MATCH_VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(MATCH_VECTOR_DIR, f), 'utf8')) as MatchVector);
const work = mkdtempSync(join(tmpdir(), 'suiji-verify-match-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const python = (args: string[]) => runPython('verify_match.py', args);

/** A vector as plain, editable JSON. */
interface Editable {
  drawSeed: string;
  objects: unknown[];
  inspectors: { id: string; dept: string; certificateValidUntil: string; conflicts: string[] }[];
  rules: { teamSize: number };
  expect: { teams: { objectId: string; members: { inspectorId: string; dept: string; role: string }[] }[]; loads: { inspectorId: string; objects: number }[] };
}

const vector = (name: string): Editable => {
  const v = stored.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return structuredClone(v) as unknown as Editable;
};

describe('matching vectors (test/vectors/match)', () => {
  it('are what the current implementation produces (regenerate with `npx tsx bench/match_vectors.ts`)', () => {
    const built = matchVectors().map((v) => JSON.parse(JSON.stringify(v)) as MatchVector);
    expect(built.map((v) => v.name).sort()).toEqual(stored.map((v) => v.name));
    for (const v of built) expect(v).toEqual(stored.find((s) => s.name === v.name));
  });

  it('cover joint teams, exclusions, non-ASCII ids, a capacity exactly equal to the demand, quotas, direct appointment, experts and infeasible cases', () => {
    expect(stored.map((v) => v.expect.result).sort()).toEqual(['INFEASIBLE', 'INFEASIBLE', 'TEAMS', 'TEAMS', 'TEAMS', 'TEAMS', 'TEAMS', 'TEAMS', 'TEAMS', 'TEAMS']);
    expect(vector('infeasible_capacity').expect).toEqual({ result: 'INFEASIBLE', depts: ['长春市生态环境局朝阳分局'] });
    expect(vector('experts_infeasible').expect).toEqual({ result: 'INFEASIBLE', depts: ['专家库'] });
    const members = vector('quotas_appointed_experts').expect.teams.flatMap((t) => t.members) as { inspectorId: string; role: string; appointed?: boolean }[];
    expect(members.filter((m) => m.appointed === true).map((m) => m.inspectorId)).toEqual(['SJ09']);
    expect(members.filter((m) => m.role === 'expert')).toHaveLength(3);
    // Experts' 回避: ZJ11 declared Q1 and inspected Q2 within the 3 years; ZJ13 declared Q3; ZJ12's inspection of Q3 is older.
    const onObject = Object.fromEntries(vector('experts_recusal_history').expect.teams.map((t) => [t.objectId, t.members.filter((m) => m.role === 'expert').map((m) => m.inspectorId)]));
    expect(onObject).toEqual({ Q1: [expect.not.stringMatching(/^ZJ11$/)], Q2: [expect.not.stringMatching(/^ZJ11$/)], Q3: [expect.not.stringMatching(/^ZJ13$/)] });
  });

  it.each(stored.map((v) => [v.name, v] as const))('TypeScript verifier: %s', (_name, v) => {
    const r = verifyMatchText(JSON.stringify(v));
    expect(r.output).toMatch(/^MATCH\n/);
    expect(r.exitCode).toBe(0);
  });

  it('Python (scripts/verify_match.py, standard library only, written from the protocol document) reproduces every vector', () => {
    const r = python(['--vectors', MATCH_VECTOR_DIR]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('PASS'))).toHaveLength(stored.length);
    expect(r.status).toBe(0);
  }, 120_000);
});

describe('the two implementations agree on generated tight instances', () => {
  it('300 small instances with capacities near the demand (many need the repair step, some are infeasible)', () => {
    const dir = join(work, 'differential');
    mkdirSync(dir, { recursive: true });
    const records = generatedRecords(300);
    for (const r of records) writeFileSync(join(dir, `${r.name}.json`), JSON.stringify(r));
    const results = records.map((r) => r.expect.result);
    expect(results.filter((x) => x === 'TEAMS').length).toBeGreaterThan(50);
    expect(results.filter((x) => x === 'INFEASIBLE').length).toBeGreaterThan(20);
    // Half of them use quotas, direct appointments and the expert directory; enough of those are staffed.
    const extended = records.filter((r) => r.experts !== undefined);
    expect(extended.filter((r) => r.expect.result === 'TEAMS' && r.objects.some((o) => o.appointed) && (r.rules.expertsPerObject ?? 0) > 0).length).toBeGreaterThan(20);
    expect(extended.filter((r) => r.expect.result === 'TEAMS' && r.objects.some((o) => o.quotas)).length).toBeGreaterThan(20);
    const py = python(['--vectors', dir]);
    expect(py.stdout.split('\n').filter((l) => l.startsWith('FAIL')).slice(0, 5)).toEqual([]);
    expect(py.stdout.split('\n').filter((l) => l.startsWith('PASS'))).toHaveLength(records.length);
    expect(py.status).toBe(0);
  }, 120_000);
});

describe('a tampered matching record is refused by both implementations', () => {
  type Tamper = { name: string; code: string; edit: (v: Editable) => void };
  const tampers: Tamper[] = [
    { name: 'two members swapped', code: 'OUTCOME_MISMATCH', edit: (v) => { const m = v.expect.teams[1]?.members; if (m && m[0] && m[1]) [m[0], m[1]] = [m[1], m[0]]; } },
    { name: 'a member replaced by another inspector of the department', code: 'OUTCOME_MISMATCH', edit: (v) => {
      const team = v.expect.teams[0];
      const member = team?.members[1];
      const other = v.inspectors.find((i) => member && i.dept === member.dept && !team.members.some((m) => m.inspectorId === i.id));
      if (member && other) member.inspectorId = other.id;
    } },
    { name: 'a load edited', code: 'OUTCOME_MISMATCH', edit: (v) => { const l = v.expect.loads[0]; if (l) l.objects += 1; } },
    { name: 'an object dropped', code: 'OUTCOME_MISMATCH', edit: (v) => { v.objects.pop(); } },
    { name: 'a certificate date edited', code: 'POOL_HASH_MISMATCH', edit: (v) => { const i = v.inspectors[1]; if (i) i.certificateValidUntil = '2030-01-01'; } },
    { name: 'a conflict of interest removed', code: 'POOL_HASH_MISMATCH', edit: (v) => { for (const i of v.inspectors) i.conflicts = []; } },
    { name: 'the team size changed', code: 'POOL_HASH_MISMATCH', edit: (v) => { v.rules.teamSize += 1; } },
    { name: 'an appointment added to an object', code: 'OUTCOME_MISMATCH', edit: (v) => { const o = v.objects[0] as { appointed?: string[] }; const i = v.inspectors.find((x) => x.dept === v.expect.teams[0]?.members[0]?.dept); if (i) o.appointed = [i.id]; } },
    { name: 'the draw seed changed', code: 'SEED_MISMATCH', edit: (v) => { v.drawSeed = `${v.drawSeed.slice(0, -1)}${v.drawSeed.endsWith('0') ? '1' : '0'}`; } },
  ];

  it.each(tampers.flatMap((t) => ['joint_with_exclusions', 'tight_exact_capacity', 'quotas_appointed_experts'].map((name) => [`${name}: ${t.name}`, name, t] as const)))('%s', (_label, name, t) => {
    const v = vector(name);
    t.edit(v);
    const ts = verifyMatchText(JSON.stringify(v));
    expect(ts.exitCode).toBe(1);
    expect(ts.code).toBe(t.code);
    const path = join(work, `${name}-${t.code}-${t.name.replaceAll(' ', '_')}.json`);
    writeFileSync(path, JSON.stringify(v));
    const py = python([path]);
    expect(py.stdout).toMatch(/^MISMATCH/);
    expect(py.status).toBe(1);
  });
});

describe('command line', () => {
  const okPath = join(work, 'record.json');
  writeFileSync(okPath, JSON.stringify(vector('joint_with_exclusions'), null, 2));

  it('`npm run cli -- verify-match record.json` prints MATCH and exits 0; the Python script agrees', () => {
    const r = spawnSync(TSX, [join(ROOT, 'cli', 'main.ts'), 'verify-match', okPath], { encoding: 'utf8', cwd: ROOT });
    expect(r.stdout).toMatch(/^MATCH\n- 匹配种子由抽取种子推导一致/);
    expect(r.status).toBe(0);
    const py = python([okPath]);
    expect(py.stdout).toMatch(/^MATCH/);
    expect(py.status).toBe(0);
  }, 60_000);

  it('explains a malformed record and exits 1; usage and unreadable files exit 2', () => {
    const bad = verifyMatchText(JSON.stringify({ ...vector('one_department'), inspectors: [{ id: '甲' }] }));
    expect(bad).toMatchObject({ exitCode: 1, code: 'RECORD_MALFORMED' });
    expect(bad.output).toContain('位置：inspectors[0]');
    expect(verifyMatchText('{').code).toBe('RECORD_MALFORMED');
    const usage = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_match.ts')], { encoding: 'utf8', cwd: ROOT });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('用法');
    const missing = spawnSync(TSX, [join(ROOT, 'cli', 'commands', 'verify_match.ts'), join(work, 'nope.json')], { encoding: 'utf8', cwd: ROOT });
    expect(missing.status).toBe(2);
  }, 60_000);
});
