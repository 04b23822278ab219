import { describe, expect, it } from 'vitest';
import { maskPhone } from './phone';
import { createMessageProvider, isMessageProviderKind, LogMessageProvider } from './provider';

describe('LogMessageProvider', () => {
  it('writes each message to the log with the number masked and keeps the last ones', async () => {
    const lines: string[] = [];
    const provider = new LogMessageProvider((line) => { lines.push(line); }, () => new Date('2026-12-07T01:00:00Z'));
    await provider.send({ to: '13800000000', text: '验证码 123456' });
    await provider.send({ to: '13900001111', text: '验证码 654321' });
    expect(lines[0]).toBe('[短信·开发通道] 发往 138****0000：验证码 123456\n');
    expect(lines.join('')).not.toContain('13800000000');
    expect(provider.last('13800000000')?.text).toBe('验证码 123456');
    expect(provider.last('13700000000')).toBeUndefined();
    for (let k = 0; k < 60; k++) await provider.send({ to: '13800000000', text: `第${k}条` });
    expect(provider.sent()).toHaveLength(50);
    expect(provider.last('13800000000')?.text).toBe('第59条');
  });

  it('is chosen by name; unknown names are refused by the configuration', () => {
    expect(createMessageProvider('log')).toBeInstanceOf(LogMessageProvider);
    expect(isMessageProviderKind('log')).toBe(true);
    expect(isMessageProviderKind('aliyun')).toBe(false);
  });

  it('masks a mobile number', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('123')).toBe('****');
  });
});
