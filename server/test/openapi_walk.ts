/**
 * Reads the API's OpenAPI document for tests that exercise every route: the operations, their query and path
 * parameters, a plausible valid JSON body built from each body schema, and the paths of the body's string fields.
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  const?: unknown;
}

export interface Parameter { readonly name: string; readonly in: 'query' | 'path' | 'header' | 'cookie'; readonly required?: boolean; readonly schema?: JsonSchema }

export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/system/users/{id}. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function operationsOf(document: unknown): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries((document as OpenApiDocument).paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      const upper = method.toUpperCase();
      if (!METHODS.has(upper)) continue;
      operations.push({
        method: upper as Operation['method'], path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

/** The non-null alternative of a union (zod's nullable and optional become anyOf with a null member). */
function resolved(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const chosen = options.find((o) => o.type !== 'null' && !(Array.isArray(o.enum) && o.enum.length === 1 && o.enum[0] === null)) ?? options[0];
    return chosen ? resolved(chosen) : {};
  }
  if (schema.allOf?.[0]) return resolved(schema.allOf[0]);
  return schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

const STRING_CANDIDATES = [
  '测试值', 'abc', 'test_value', '220104', '13800000000', '2026-06-01', 'A1', '12', 'a1', '1', 'x',
];

export interface ValueContext {
  /** An id that exists (a uuid field gets it, so checks that look the id up run). */
  readonly uuid: string;
}

function plausibleString(schema: JsonSchema, context: ValueContext): string {
  if (schema.format === 'uuid') return context.uuid;
  if (schema.format === 'date') return '2026-06-01';
  if (schema.format === 'date-time') return '2026-06-01T08:00:00.000Z';
  if (schema.format === 'email') return 'someone@example.com';
  const fits = (v: string) => v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? Infinity)
    && (!schema.pattern || new RegExp(schema.pattern, 'u').test(v));
  const found = STRING_CANDIDATES.find(fits);
  if (found !== undefined) return found;
  return '测'.repeat(Math.max(1, schema.minLength ?? 1));
}

/** A value the schema accepts (as far as a schema can say): required properties only, arrays at their minimum. */
export function plausibleValue(raw: JsonSchema, context: ValueContext, depth = 0): unknown {
  const schema = resolved(raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? null;
  if (schema.default !== undefined) return schema.default;
  switch (typeOf(schema) ?? 'unknown') {
    case 'string': return plausibleString(schema, context);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 1;
      return Math.max(min, Math.min(1, schema.maximum ?? 1));
    }
    case 'boolean': return false;
    case 'array': {
      if (!schema.items || depth > 6) return [];
      return Array.from({ length: schema.minItems ?? 0 }, () => plausibleValue(schema.items ?? {}, context, depth + 1));
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) {
        const property = schema.properties?.[key];
        if (property) value[key] = plausibleValue(property, context, depth + 1);
      }
      return value;
    }
    default: return null;
  }
}

/** Paths (['contacts', 0, 'name']) of every string field of a body schema, optional ones included. */
export function stringPaths(raw: JsonSchema, depth = 0): (string | number)[][] {
  const schema = resolved(raw);
  if (depth > 6) return [];
  switch (typeOf(schema) ?? 'unknown') {
    case 'string': return schema.enum || schema.const !== undefined ? [] : [[]];
    case 'array': return schema.items ? stringPaths(schema.items, depth + 1).map((p) => [0, ...p]) : [];
    case 'object': return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => stringPaths(property, depth + 1).map((p) => [key, ...p]));
    default: return [];
  }
}

/**
 * A copy of `base` with `value` at `path`; a missing object or array element on the way is filled with a plausible
 * value of its schema, so the rest of the body still passes.
 */
export function withValueAt(raw: JsonSchema, base: unknown, path: readonly (string | number)[], value: unknown, context: ValueContext): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const schema = resolved(raw);
  if (typeof head === 'number') {
    const items = schema.items ?? {};
    const array: unknown[] = Array.isArray(base) ? [...(base as unknown[])] : [];
    array[head] = withValueAt(items, array[head] ?? plausibleValue(items, context), rest, value, context);
    return array;
  }
  const property = schema.properties?.[head] ?? {};
  const object = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  object[head] = withValueAt(property, object[head] ?? plausibleValue(property, context), rest, value, context);
  return object;
}
