/**
 * Text messages to entities (issue #10 item 6: the sign-in code of an objection goes to the entity's registered
 * contact "through a message-provider interface; a development provider writes the message to the log"). A production
 * SMS gateway implements `MessageProvider`; the provider is chosen by SUIJI_MESSAGE_PROVIDER (server/config.ts).
 */
import { maskPhone } from './phone';

export interface OutgoingMessage {
  /** A mobile number (11 digits). */
  readonly to: string;
  readonly text: string;
}

export interface MessageProvider {
  /** What the start-up banner and the logs call it. */
  readonly name: string;
  /** Resolves once the gateway accepted the message; rejects when it did not (the caller answers 502). */
  send(message: OutgoingMessage): Promise<void>;
}

export interface SentMessage extends OutgoingMessage {
  readonly at: Date;
}

/** The known providers (SUIJI_MESSAGE_PROVIDER); only the development one ships with the project. */
export const MESSAGE_PROVIDERS = ['log'] as const;
export type MessageProviderKind = (typeof MESSAGE_PROVIDERS)[number];

/** How many sent messages the development provider keeps for tests and the demo. */
const KEPT = 50;

/**
 * The development provider: writes each message to the server's output (number masked) and keeps the last ones in
 * memory, so a newcomer finds the code in the console and a test reads it with `last(to)`.
 */
export class LogMessageProvider implements MessageProvider {
  readonly name = '开发通道（写入服务日志，不发送短信）';
  private readonly kept: SentMessage[] = [];

  constructor(private readonly write: (line: string) => void = (line) => { process.stdout.write(line); }, private readonly clock: () => Date = () => new Date()) {}

  send(message: OutgoingMessage): Promise<void> {
    this.kept.push({ ...message, at: this.clock() });
    if (this.kept.length > KEPT) this.kept.shift();
    this.write(`[短信·开发通道] 发往 ${maskPhone(message.to)}：${message.text}\n`);
    return Promise.resolve();
  }

  /** The messages kept, oldest first. */
  sent(): readonly SentMessage[] {
    return [...this.kept];
  }

  /** The last message sent to `to`, if any. */
  last(to: string): SentMessage | undefined {
    return this.kept.findLast((m) => m.to === to);
  }
}

export function isMessageProviderKind(value: string): value is MessageProviderKind {
  return (MESSAGE_PROVIDERS as readonly string[]).includes(value);
}

export function createMessageProvider(kind: MessageProviderKind): MessageProvider {
  switch (kind) {
    case 'log': return new LogMessageProvider();
  }
}
