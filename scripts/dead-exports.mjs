// Lists names exported from src/ that nothing uses: no file imports them (src, test, bench and
// scripts count) and their own file does not read them either: `npm run lint:exports`, exit 1
// when there is any. An export its own file uses is left alone (as knip's ignoreExportsUsedInFile):
// the contract's and the types' files name their vocabulary for readers.
//
// Uses the TypeScript compiler on tsconfig.json: an import resolves through re-exports
// (`export * from`) to the declaration it names, so a barrel's names count once, where declared.
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Files whose exports are read by something other than an import: Electron, Vite and the
 * plugin runtime load them by path, `*.d.ts` describe modules, and `bin/` requires the CLI's build.
 */
const entryPoints = [
  /^src\/main\/index\.ts$/,
  /^src\/preload\//,
  /^src\/renderer\/main\.tsx$/,
  /^src\/cli\/main\.ts$/,
  /^src\/core\/plugins\/runtime-entry\.ts$/,
  // The plugin SDK is for code that is not ours: plugins import it from their own packages.
  /^src\/plugin-sdk\//,
  /\.d\.ts$/,
];

const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const checker = program.getTypeChecker();
const relative = (file) => path.relative(root, file).split(path.sep).join('/');
const sources = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !relative(file.fileName).startsWith('..'));

/** The declaration an alias finally names. */
const target = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

const used = new Set();
const useAll = (moduleSymbol) => {
  if (moduleSymbol === undefined) return;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) used.add(target(exported));
};
const moduleOf = (specifier) => checker.getSymbolAtLocation(specifier);

for (const file of sources) {
  const inSrc = relative(file.fileName).startsWith('src/');
  const visit = (node) => {
    if (inSrc && ts.isIdentifier(node) && !(node.parent !== undefined && 'name' in node.parent && node.parent.name === node && ts.isDeclaration(node.parent))) {
      // A read of a name in its own module (a declaration's own name is not a read).
      const symbol = checker.getSymbolAtLocation(node);
      if (symbol !== undefined) used.add(target(symbol));
    }
    if (ts.isImportDeclaration(node) && node.importClause !== undefined) {
      const { importClause } = node;
      if (importClause.name !== undefined) used.add(target(checker.getSymbolAtLocation(importClause.name)));
      const bindings = importClause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) useAll(moduleOf(node.moduleSpecifier));
      if (bindings !== undefined && ts.isNamedImports(bindings))
        for (const element of bindings.elements) used.add(target(checker.getSymbolAtLocation(element.name)));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      // `export * from` keeps the names under the re-exporting module; `export { a } from` names a.
      if (node.exportClause !== undefined && ts.isNamedExports(node.exportClause))
        for (const element of node.exportClause.elements) used.add(target(checker.getSymbolAtLocation(element.name)));
      else if (node.exportClause !== undefined) useAll(moduleOf(node.moduleSpecifier));
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0])) {
      // import('x'), vi.importActual('x'), vi.mock('x'): everything the module exports may be read.
      const callee = node.expression.getText(file);
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword || /^vi\.(importActual|mock|doMock)$/.test(callee)) useAll(moduleOf(node.arguments[0]));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // import('x').Name in a type.
      if (node.qualifier !== undefined) {
        const symbol = checker.getSymbolAtLocation(node.qualifier);
        if (symbol !== undefined) used.add(target(symbol));
      } else useAll(moduleOf(node.argument.literal));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

const dead = [];
for (const file of sources) {
  const name = relative(file.fileName);
  if (!name.startsWith('src/') || entryPoints.some((pattern) => pattern.test(name))) continue;
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (moduleSymbol === undefined) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const declared = target(exported);
    // Names re-exported from another module are judged where they are declared.
    const declaration = declared.declarations?.[0];
    if (declaration === undefined || declaration.getSourceFile() !== file) continue;
    if (used.has(declared)) continue;
    const { line } = file.getLineAndCharacterOfPosition(declaration.getStart());
    dead.push(`${name}:${line + 1} ${exported.name}`);
  }
}

for (const line of dead) console.log(line);
if (dead.length > 0) {
  console.error(`${dead.length} exported name${dead.length === 1 ? '' : 's'} that nothing imports: un-export what its own file uses, remove the rest`);
  process.exitCode = 1;
}
