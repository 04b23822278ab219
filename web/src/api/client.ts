/**
 * The one way the web app talks to the server: `fetch` with the session cookie (same origin), the
 * CSRF header on every state-changing request, and every non-2xx answer turned into an `ApiError`
 * carrying the server's `{code, message, details}` body (server/http/errors.ts).
 */
import type { ErrorBody } from '../../../server/http/errors';

export type FieldError = NonNullable<ErrorBody['details']>[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly FieldError[];
  readonly url: string;

  constructor(status: number, body: ErrorBody, url: string) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? [];
    this.url = url;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The message to show a user for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试';
  return '操作失败，请稍后重试';
}

const CSRF_HEADER = 'x-csrf-token';
const CSRF_COOKIE = 'suiji_csrf';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;

/** After login (and on every /api/auth/me answer) the token comes from the Me object. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function csrfFromCookie(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Before login: ask the server for a token (it also sets the SameSite=Strict csrf cookie). */
export async function fetchCsrfToken(): Promise<string> {
  const body = await apiGet<{ csrfToken: string }>('/api/auth/csrf');
  csrfToken = body.csrfToken;
  return body.csrfToken;
}

type ApiErrorListener = (error: ApiError) => void;
const listeners = new Set<ApiErrorListener>();

/** Subscribes to every ApiError (the app shell uses it to send 401s to the login page). */
export function onApiError(listener: ApiErrorListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** `?a=1&b=x` from params, leaving out empty values. */
export function buildQuery(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface RequestOptions {
  readonly query?: QueryParams;
  readonly json?: unknown;
  readonly formData?: FormData;
}

async function errorBodyOf(response: Response): Promise<ErrorBody> {
  const fallback: ErrorBody = { code: `HTTP_${response.status}`, message: `请求失败（HTTP ${response.status}）` };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) return fallback;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'code' in body && 'message' in body) {
      const { code, message, details } = body as { code: unknown; message: unknown; details?: unknown };
      if (typeof code === 'string' && typeof message === 'string') {
        return { code, message, ...(Array.isArray(details) ? { details: details as FieldError[] } : {}) };
      }
    }
  } catch {
    // fall through: the body was not JSON after all
  }
  return fallback;
}

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const url = path + buildQuery(options.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.formData) {
    body = options.formData;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (MUTATING.has(method)) {
    const token = csrfToken ?? csrfFromCookie() ?? (await fetchCsrfToken());
    headers[CSRF_HEADER] = token;
  }
  const response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  if (!response.ok) {
    const error = new ApiError(response.status, await errorBodyOf(response), path);
    for (const listener of listeners) listener(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) return undefined as T;
  const data: unknown = await response.json();
  return data as T;
}

export function apiGet<T>(path: string, query?: QueryParams): Promise<T> {
  return apiRequest<T>('GET', path, { query });
}

export function apiPost<T>(path: string, json?: unknown, query?: QueryParams): Promise<T> {
  return apiRequest<T>('POST', path, { json, query });
}

export function apiPut<T>(path: string, json: unknown): Promise<T> {
  return apiRequest<T>('PUT', path, { json });
}

export function apiDelete(path: string): Promise<void> {
  return apiRequest<undefined>('DELETE', path);
}

export function apiUpload<T>(path: string, formData: FormData, query?: QueryParams): Promise<T> {
  return apiRequest<T>('POST', path, { formData, query });
}

/** A GET download (export, template): a plain navigation, so the browser saves the file. */
export function downloadUrl(path: string, query?: QueryParams): string {
  return path + buildQuery(query);
}
