/**
 * Refuses text the database cannot store faithfully, once for every route: PostgreSQL refuses U+0000 in text
 * (the request became a 500), and a lone UTF-16 surrogate (`"\ud800"` in JSON) or invalid UTF-8 was silently
 * stored as U+FFFD. Query values, path parameters, the headers the API stores, JSON bodies and multipart file names
 * and fields answer 400 VALIDATION_FAILED naming the field. Other control characters are left to the field schemas
 * (fields.ts): tabs and newlines are ordinary text in a description.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { badRequest } from './errors';

const BAD_TEXT_MESSAGE = '含有不允许的字符（空字符或无效的 Unicode）';
/** Headers stored in the operation log or the sessions table. */
const STORED_HEADERS = ['user-agent'] as const;

// U+0000, or a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isBadText(value: string): boolean {
  return BAD_TEXT.test(value);
}

/** A field path safe to echo in the answer: a bad key is shown with JSON escapes. */
function segment(key: string): string {
  return isBadText(key) ? JSON.stringify(key).slice(1, -1) : key;
}

/**
 * The path (`contacts.1.name`) of the first string or key in `value` that is bad text, or null. Iterative, so a
 * deeply nested JSON body cannot overflow the stack.
 */
export function findBadText(value: unknown, root: string): string | null {
  const pending: [unknown, string][] = [[value, root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      if (isBadText(current)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], join(path, String(i))]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        if (isBadText(key)) return join(path, segment(key));
        pending.push([inner, join(path, key)]);
      }
    }
  }
  return null;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function badTextError(path: string) {
  // A deeply nested body has a long path; its start is enough to find the field.
  const field = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return badRequest('VALIDATION_FAILED', `参数校验失败：${field} ${BAD_TEXT_MESSAGE}`, [{ field, message: BAD_TEXT_MESSAGE }]);
}

/** Throws the 400 when `value` holds bad text, naming the field by its path; `whole` names a bad top-level string. */
export function refuseBadText(value: unknown, root: string, whole = root): void {
  const path = findBadText(value, root);
  if (path !== null) throw badTextError(path || whole);
}

function refuseBadUpload(part: MultipartFile): void {
  if (isBadText(part.filename)) throw badTextError(part.fieldname || 'file');
  for (const [name, field] of Object.entries(part.fields)) {
    if (isBadText(name)) throw badTextError(segment(name));
    const parts = Array.isArray(field) ? field : [field];
    for (const p of parts) if (p && p.type === 'field' && typeof p.value === 'string' && isBadText(p.value)) throw badTextError(name);
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

export function registerTextGuard(app: FastifyInstance): void {
  // JSON bodies: decode strictly (invalid UTF-8 would become U+FFFD), then Fastify's own parser (prototype-poisoning checks).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = fatalUtf8.decode(body as Buffer);
    } catch {
      done(badTextError('body'), undefined);
      return;
    }
    void parseJson(request, text, done);
  });

  app.addHook('preValidation', async (request: FastifyRequest) => {
    refuseBadText(request.params, '', 'params');
    refuseBadText(request.query, '', 'querystring');
    for (const name of STORED_HEADERS) refuseBadText(request.headers[name], name);
    refuseBadText(request.body, '', 'body');
    if (request.isMultipart()) guardUploads(request);
  });
}

/** Uploads are read in the handler (request.file()); check each part's file name and fields as it is read. */
function guardUploads(request: FastifyRequest): void {
  const read = request.file.bind(request);
  request.file = async (...args: Parameters<typeof read>) => {
    const part = await read(...args);
    if (part) refuseBadUpload(part);
    return part;
  };
}

/**
 * Fastify's answers to a URL it cannot route (a malformed percent-escape, an over-long path parameter), in the API's
 * `{code, message}` form; passed as the `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] = error.code === 'FST_ERR_BAD_URL'
    ? [400, 'BAD_URL', '请求地址格式不正确：含有无效的百分号编码']
    : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'URI_TOO_LONG', '请求地址中的参数过长']
      : [500, 'INTERNAL_ERROR', '服务器内部错误，请稍后重试或联系管理员'];
  void reply.status(status).header('x-error-code', code).send({ code, message });
}
