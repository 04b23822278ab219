/**
 * Deployment-neutral wording: a deployment in one city must not quote another city's articles in its UI. Rule
 * citations (威海第5条, 渝北 二(三), …) belong to code comments and docs; user-facing strings name the rule in words.
 * This scans every string literal, template and JSX text of web/src (comments are not tokens, so they are skipped)
 * and the roles' remarks.
 */
// This test reads the sources from disk; it runs under vitest in node, never in the browser.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { readdirSync, readFileSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../domain/access/roles';

const CITATION = /(威海|渝北|曲阳|长春|东胜)\s*(第\s*[\d一二三四五六七八九十、]+\s*条|[一二三四五六七八九十]+\s*[（(])/;
const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The user-visible text of a file: its string literals, template pieces and JSX text, with their line numbers. */
function visibleTexts(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isJsxText(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('deployment-neutral wording', () => {
  it('the pattern recognises the citation forms and not plain place names', () => {
    for (const cited of ['（威海第6条）', '渝北 二(三)', '曲阳 第11条', '长春第2、6条', '东胜 四(二)1']) expect(CITATION.test(cited), cited).toBe(true);
    expect(CITATION.test('长春市朝阳区市场监督管理局')).toBe(false);
  });

  it('the scanner reads strings and JSX text but not comments', () => {
    const texts = visibleTexts('x.tsx', '/** 威海第6条 */\nconst a = <p title="t（曲阳第17条）">说明（长春第3条）</p>; // 东胜 四(二)1\n');
    expect(texts.filter((t) => CITATION.test(t.text)).map((t) => t.text)).toEqual(['t（曲阳第17条）', '说明（长春第3条）']);
  });

  it('no string in web/src cites a city rule', () => {
    const offenders = sourceFiles(join(ROOT, 'web/src')).flatMap((file) =>
      visibleTexts(file, readFileSync(file, 'utf8')).filter((t) => CITATION.test(t.text)).map((t) => `${relative(ROOT, file)}:${t.line} ${t.text}`));
    expect(offenders).toEqual([]);
  });

  it('no role remark cites a city rule', () => {
    expect(BUILTIN_ROLES.filter((r) => CITATION.test(r.remark)).map((r) => `${r.key}: ${r.remark}`)).toEqual([]);
  });
});
