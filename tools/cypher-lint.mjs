#!/usr/bin/env node
// Lint a Cypher script offline with Neo4j's own parser and linter (@neo4j-cypher/language-support).
//
//   node tools/cypher-lint.mjs [--cypher 5|25] [--schema SCHEMA.json] [--strings] FILE|-
//
// The script is split into statements by the package's own splitter (parseStatementsStrs), and each
// statement goes through lintCypherQuery(statement, dbSchema). The schema holds the package's bundled
// registry of Neo4j's built-in functions and procedures (so an unknown function is an error) and the
// parameter $rows (so the parameterised form of a statement lints too); --schema merges a JSON object
// over it (labels, relationshipTypes, propertyKeys: a name outside them gives a warning).
// --cypher picks the language version a statement without a CYPHER prefix is read as (default 5,
// as Neo4j 5 and 2025.x servers do). --strings also lists, per statement, the text of every string literal token as the lexer cut it.
//
// Prints one JSON object: {package, statements, errors, warnings, diagnostics: [{statement, severity,
// message, line, excerpt}], strings?}. Severity 1 is an error, 2 a warning. Exit 0 when no statement
// has an error, 1 when one has, 2 when the input cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  highlightSyntax,
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

function usage(message) {
  process.stderr.write(`cypher-lint: ${message}\nusage: node tools/cypher-lint.mjs [--cypher 5|25] [--schema SCHEMA.json] [--strings] FILE|-\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let schemaFile = null;
let wantStrings = false;
let cypherVersion = 'CYPHER 5';
let input = null;
while (args.length) {
  const arg = args.shift();
  if (arg === '--schema') schemaFile = args.shift() ?? usage('--schema needs a file');
  else if (arg === '--strings') wantStrings = true;
  else if (arg === '--cypher') cypherVersion = `CYPHER ${args.shift() ?? usage('--cypher needs 5 or 25')}`;
  else if (arg === '-h' || arg === '--help') usage('help');
  else if (input === null) input = arg;
  else usage(`unexpected argument ${arg}`);
}
if (input === null) usage('no input');

let text;
try {
  text = readFileSync(input === '-' ? 0 : input, 'utf8');
} catch (error) {
  usage(`cannot read ${input}: ${error.message}`);
}

const registry = testData?.mockSchema ?? {};
const schema = {
  functions: registry.functions,
  procedures: registry.procedures,
  parameters: { rows: [] },
  defaultLanguage: cypherVersion,
};
if (schemaFile) {
  try {
    Object.assign(schema, JSON.parse(readFileSync(schemaFile, 'utf8')));
  } catch (error) {
    usage(`cannot read schema ${schemaFile}: ${error.message}`);
  }
}

function packageVersion() {
  // The package's exports map hides package.json: walk up from its entry point.
  let dir = dirname(fileURLToPath(import.meta.resolve('@neo4j-cypher/language-support')));
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const meta = JSON.parse(readFileSync(file, 'utf8'));
      if (meta.name === '@neo4j-cypher/language-support') return meta.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
const version = packageVersion();

// A statement is what the splitter returns with its ';' and surrounding white space and comments;
// one holding nothing but those is not a statement.
const withoutComments = (s) => s.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/;/g, '').trim();
const statements = parseStatementsStrs(text).filter((s) => withoutComments(s).length > 0);

const diagnostics = [];
const strings = [];
statements.forEach((statement, index) => {
  const { diagnostics: found } = lintCypherQuery(statement, schema);
  for (const d of found) {
    const start = d.offsets?.start ?? 0;
    diagnostics.push({
      statement: index,
      severity: d.severity,
      message: d.message,
      line: statement.slice(0, start).split('\n').length,
      excerpt: statement.slice(Math.max(0, start - 40), start + 40),
    });
  }
  if (wantStrings) {
    strings.push(highlightSyntax(statement).filter((t) => t.tokenType === 'stringLiteral').map((t) => t.token));
  }
});

const errors = diagnostics.filter((d) => d.severity === 1).length;
const report = {
  package: `@neo4j-cypher/language-support@${version}`,
  cypher: cypherVersion,
  statements: statements.length,
  errors,
  warnings: diagnostics.length - errors,
  diagnostics,
};
if (wantStrings) report.strings = strings;
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(errors ? 1 : 0);
