/** Uploading a file to an import route in a test: a multipart body with one `file` field, sent with the CSRF header. */
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './harness';

export function multipartBody(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----suiji-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function uploadFile(client: Client, url: string, fileName: string, content: Buffer | string): Promise<LightMyRequestResponse> {
  const body = multipartBody(fileName, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  return client.raw('POST', url, body.payload, { ...body.headers, 'x-csrf-token': client.csrf });
}
