import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import {
  certificateDaysLeft, certificateState, genderOfLabel, inspectorStatusOfLabel, isCertificateValid, isInspectorStatus, isPublishedStatus,
} from './inspector';
import { expertStatusOfLabel } from './expert';

describe('inspector rules', () => {
  it('a certificate is valid through its last day (威海第6条), never without a date', () => {
    const day = dateOnly('2026-06-30');
    expect(isCertificateValid(dateOnly('2026-06-30'), day)).toBe(true);
    expect(isCertificateValid(dateOnly('2026-07-01'), day)).toBe(true);
    expect(isCertificateValid(dateOnly('2026-06-29'), day)).toBe(false);
    expect(isCertificateValid(null, day)).toBe(false);
  });

  it('classifies certificates for the coloured tags', () => {
    const day = dateOnly('2026-06-01');
    expect(certificateState(null, day, 30)).toBe('missing');
    expect(certificateState(dateOnly('2026-05-31'), day, 30)).toBe('expired');
    expect(certificateState(dateOnly('2026-06-01'), day, 30)).toBe('expiring');
    expect(certificateState(dateOnly('2026-07-01'), day, 30)).toBe('expiring');
    expect(certificateState(dateOnly('2026-07-02'), day, 30)).toBe('valid');
    expect(certificateDaysLeft(dateOnly('2026-07-02'), day)).toBe(31);
  });

  it('maps Chinese labels of the closed lists', () => {
    expect(inspectorStatusOfLabel('在岗')).toBe('on_duty');
    expect(inspectorStatusOfLabel('退休')).toBe('retired');
    expect(inspectorStatusOfLabel('离职')).toBeNull();
    expect(isInspectorStatus('on_leave')).toBe(true);
    expect(isInspectorStatus('toString')).toBe(false);
    expect(genderOfLabel('女')).toBe('female');
    expect(genderOfLabel('x')).toBeNull();
    expect(expertStatusOfLabel('暂停')).toBe('unavailable');
    expect(expertStatusOfLabel('停用')).toBeNull();
  });

  it('publishes only inspectors still in the directory', () => {
    expect(['on_duty', 'on_leave', 'transferred', 'retired'].filter((s) => isInspectorStatus(s) && isPublishedStatus(s))).toEqual(['on_duty', 'on_leave']);
  });
});
