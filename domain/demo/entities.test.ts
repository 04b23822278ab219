import { describe, expect, it } from 'vitest';
import { parseDateOnly } from '../calendar/civil_date';
import { iterateDemoEntities } from './entities';

describe('iterateDemoEntities', () => {
  it('streams the same sequence as it would in one go, and nothing for count 0', () => {
    const a = [...iterateDemoEntities({ seed: 's', count: 50 })];
    const b = [...iterateDemoEntities({ seed: 's', count: 80 })].slice(0, 50);
    expect(b).toEqual(a);
    expect([...iterateDemoEntities({ seed: 's', count: 0 })]).toEqual([]);
  });

  it('keeps USCCs unique at scale (100,000)', { timeout: 120_000 }, () => {
    const seen = new Set<string>();
    for (const e of iterateDemoEntities({ seed: 'scale', count: 100_000 })) seen.add(e.uscc);
    expect(seen.size).toBe(100_000);
  });

  it('respects asOf, including its month and day', () => {
    let latest = '';
    for (const e of iterateDemoEntities({ seed: 'asof', count: 20_000, asOf: '2024-02-10' })) {
      expect(parseDateOnly(e.registeredOn).ok).toBe(true);
      if (e.registeredOn > latest) latest = e.registeredOn;
    }
    expect(latest <= '2024-02-10').toBe(true);
    expect(latest >= '2024-02-01').toBe(true);
  });

  it('uses old-style business scopes before 2021 and 许可/一般 items after', () => {
    const all = [...iterateDemoEntities({ seed: 'scope', count: 3000 })];
    const old = all.find((e) => e.registeredOn < '2021-01-01' && e.entityType !== 'farmer_cooperative');
    const recent = all.find((e) => e.registeredOn >= '2021-01-01' && e.businessScope.startsWith('许可项目：'));
    expect(old?.businessScope).not.toMatch(/一般项目/);
    expect(recent?.businessScope).toMatch(/^许可项目：.+。（依法须经批准的项目.+）(一般项目：.+。（除依法须经批准的项目外.+）)?$/);
    const coop = all.filter((e) => e.entityType === 'farmer_cooperative');
    expect(coop.some((e) => e.businessScope.includes('农业机械作业服务'))).toBe(true);
    expect(coop.some((e) => e.businessScope.startsWith('组织'))).toBe(true);
  });

  it('throws for impossible counts', () => {
    expect(() => iterateDemoEntities({ seed: 's', count: -1 }).next()).toThrow(RangeError);
    expect(() => iterateDemoEntities({ seed: 's', count: 1.5 }).next()).toThrow(RangeError);
    expect(() => iterateDemoEntities({ seed: 's', count: 200_000_000 }).next()).toThrow(RangeError);
  });
});
