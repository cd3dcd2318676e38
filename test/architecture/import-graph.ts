/**
 * The TypeScript import graph of the product's sources, read with the TypeScript parser (no type
 * checking): static imports and re-exports, `import()` and `require()` with a literal path, and
 * `typeof import('…')` types. Only relative specifiers are followed; packages are not part of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Paths relative to the repository root, with '/' separators. */
  from: string;
  to: string;
  /** Erased at build: `import type`, `export type`, imports whose every name is `type`, `typeof import()`. */
  typeOnly: boolean;
}

const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(root: string, dir: string, out: string[]): void {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return;
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'out') continue;
      sourceFiles(root, rel, out);
    } else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
}

function resolveSpecifier(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(root, path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return path.relative(root, c).split(path.sep).join('/');
  }
  throw new Error(`${from}: 无法解析导入 '${spec}'`);
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const c = node.importClause;
  if (!c) return false; // side-effect import
  if (c.isTypeOnly) return true;
  if (c.name) return false;
  const nb = c.namedBindings;
  return !!nb && ts.isNamedImports(nb) && nb.elements.length > 0 && nb.elements.every((e) => e.isTypeOnly);
}

/** Every import edge between the files under `dirs` (and to any other relative target, e.g. package.json). */
export function importGraph(root: string, dirs: readonly string[]): { files: string[]; edges: ImportEdge[] } {
  const files: string[] = [];
  for (const d of dirs) sourceFiles(root, d, files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = fs.readFileSync(path.join(root, from), 'utf8');
    const sf = ts.createSourceFile(
      from,
      text,
      ts.ScriptTarget.Latest,
      false,
      from.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const add = (spec: string, typeOnly: boolean) => {
      const to = resolveSpecifier(root, from, spec);
      if (to) edges.push({ from, to, typeOnly });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        add(n.moduleSpecifier.text, isTypeOnlyImport(n));
      } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        add(n.moduleSpecifier.text, n.isTypeOnly);
      } else if (
        ts.isCallExpression(n) &&
        (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
        n.arguments.length > 0 &&
        ts.isStringLiteralLike(n.arguments[0])
      ) {
        add(n.arguments[0].text, false);
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        add(n.argument.literal.text, true);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { files, edges };
}

/**
 * The cycles of a directed graph: one per strongly connected component with more than one node (or a
 * node importing itself), each as a closed path `[a, b, …, a]` through that component (a shortest one
 * from its first node in sorted order), so a message can name it.
 */
export function findCycles(pairs: Iterable<readonly [string, string]>): string[][] {
  const adj = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (!adj.has(a)) adj.set(a, new Set());
    if (!adj.has(b)) adj.set(b, new Set());
    adj.get(a)!.add(b);
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const components: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v)!) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || adj.get(v)!.has(v)) components.push(c);
    }
  };
  for (const v of [...adj.keys()].sort()) if (!idx.has(v)) strong(v);

  return components.map((c) => {
    const inside = new Set(c);
    const start = [...c].sort()[0];
    // Breadth-first from `start` within the component back to `start`.
    const prev = new Map<string, string>();
    const queue = [start];
    const seen = new Set([start]);
    let last: string | null = null;
    while (queue.length && last === null) {
      const v = queue.shift()!;
      for (const w of [...adj.get(v)!].sort()) {
        if (!inside.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (seen.has(w)) continue;
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
    const pathBack = [start];
    for (let v = last!; v !== start; v = prev.get(v)!) pathBack.push(v);
    pathBack.push(start);
    return pathBack.reverse();
  });
}
