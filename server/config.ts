/** Settings come from the environment only (README §Production settings). */
import { join, resolve } from 'node:path';
import { DEFAULT_RATE_LIMITS, type RateLimitPolicy } from './http/rate_limit';
import { isMessageProviderKind, MESSAGE_PROVIDERS, type MessageProviderKind } from './messaging/provider';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly production: boolean;
  /** PostgreSQL connection string; when absent the embedded database in `dataDir` is used. */
  readonly databaseUrl: string | null;
  /** A PostgreSQL streaming replica for the read-heavy portal, statistics and exports (server/db/replica.ts). */
  readonly databaseReplicaUrl: string | null;
  /** How stale the replica may be before reads go back to the primary. */
  readonly replicaMaxLagSeconds: number;
  readonly dataDir: string;
  readonly sessionTtlHours: number;
  readonly sessionIdleMinutes: number;
  /** Send cookies with `Secure` (behind HTTPS). Defaults to on in production. */
  readonly cookieSecure: boolean;
  /** Trust X-Forwarded-For from a reverse proxy (several instances behind nginx). */
  readonly trustProxy: boolean;
  readonly demoEntities: number;
  readonly demoSeed: string;
  readonly loadDemoData: boolean;
  readonly logLevel: string;
  /** Serve /api/docs without login in production (it is always open in development). */
  readonly apiDocsPublic: boolean;
  /** How long after the commitment a declared random source may come into existence (10 min; shorter only outside production). */
  readonly drawSourceMinLeadMs: number;
  /** Requests per 10 s per client IP (anonymous) or per session; 0 turns a limit off. */
  readonly rateLimit: RateLimitPolicy;
  /** Ed25519 PKCS#8 PEM that signs the audit checkpoints; on the app server's disk, never in the database. */
  readonly checkpointKeyFile: string;
  /** Minutes between interval checkpoints (written only when the log moved); 0 turns them off. */
  readonly checkpointIntervalMinutes: number;
  /** Where text messages to entities go (SUIJI_MESSAGE_PROVIDER, default 'log': the server's output). */
  readonly messageProvider: MessageProviderKind;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`环境变量 ${name} 必须是非负整数，当前为 "${raw}"`);
  return value;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`环境变量 ${name} 必须是 true 或 false，当前为 "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env['NODE_ENV'] === 'production';
  const dataDir = resolve(env['DATA_DIR'] ?? './data');
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env['HOST'] ?? '0.0.0.0',
    production,
    databaseUrl: env['DATABASE_URL'] || null,
    databaseReplicaUrl: env['DATABASE_REPLICA_URL'] || null,
    replicaMaxLagSeconds: intFrom(env, 'SUIJI_REPLICA_MAX_LAG_SECONDS', 10),
    dataDir,
    sessionTtlHours: intFrom(env, 'SESSION_TTL_HOURS', 8),
    sessionIdleMinutes: intFrom(env, 'SESSION_IDLE_MINUTES', 60),
    cookieSecure: boolFrom(env, 'COOKIE_SECURE', production),
    trustProxy: boolFrom(env, 'TRUST_PROXY', false),
    demoEntities: intFrom(env, 'DEMO_ENTITIES', 20_000),
    demoSeed: env['DEMO_SEED'] ?? 'suiji-demo',
    loadDemoData: boolFrom(env, 'LOAD_DEMO_DATA', !production),
    logLevel: env['LOG_LEVEL'] ?? (production ? 'info' : 'warn'),
    apiDocsPublic: boolFrom(env, 'API_DOCS_PUBLIC', false),
    drawSourceMinLeadMs: drawSourceLead(env, production),
    rateLimit: {
      anonymousWrites: intFrom(env, 'RATE_LIMIT_ANONYMOUS_WRITES', DEFAULT_RATE_LIMITS.anonymousWrites),
      anonymousReads: intFrom(env, 'RATE_LIMIT_ANONYMOUS_READS', DEFAULT_RATE_LIMITS.anonymousReads),
      sessionWrites: intFrom(env, 'RATE_LIMIT_SESSION_WRITES', DEFAULT_RATE_LIMITS.sessionWrites),
      sessionReads: intFrom(env, 'RATE_LIMIT_SESSION_READS', DEFAULT_RATE_LIMITS.sessionReads),
      maxClients: DEFAULT_RATE_LIMITS.maxClients,
    },
    checkpointKeyFile: resolve(env['SUIJI_CHECKPOINT_KEY_FILE'] || join(dataDir, 'keys', 'checkpoint-ed25519.pem')),
    checkpointIntervalMinutes: intFrom(env, 'SUIJI_CHECKPOINT_INTERVAL_MINUTES', 60),
    messageProvider: messageProviderFrom(env),
  };
}

/**
 * SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS shortens the 10 minutes between a draw's commitment and its random sources, for the
 * browser journeys that play a whole ceremony (they would otherwise wait ten minutes). Refused in production: there the
 * margin is what makes a commitment made after the source existed impossible to pass off (docs/draw-protocol.md §15).
 */
export function drawSourceLead(env: NodeJS.ProcessEnv, production: boolean): number {
  const raw = env['SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS'];
  if (raw === undefined || raw === '') return 10 * 60_000;
  if (production) throw new Error('SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS 只能在非生产环境中设置');
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS 应为正整数：${raw}`);
  return seconds * 1000;
}

function messageProviderFrom(env: NodeJS.ProcessEnv): MessageProviderKind {
  const raw = env['SUIJI_MESSAGE_PROVIDER'] || 'log';
  if (!isMessageProviderKind(raw)) throw new Error(`环境变量 SUIJI_MESSAGE_PROVIDER 只能是 ${MESSAGE_PROVIDERS.join('、')}，当前为 "${raw}"`);
  return raw;
}
