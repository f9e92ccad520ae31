// Parses an AsyncAPI document with the official parser (@asyncapi/parser) and prints its diagnostics as JSON lines;
// exits 0 when the parser produced a document and reported no error, 1 otherwise. Usage: node validate.mjs FILE
import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2];
const { document, diagnostics } = await new Parser().parse(await readFile(file, 'utf8'), { source: file });
const severities = ['error', 'warning', 'information', 'hint'];
for (const diagnostic of diagnostics)
  console.log(JSON.stringify({ severity: severities[diagnostic.severity], code: diagnostic.code, path: diagnostic.path.join('/'), message: diagnostic.message }));
const errors = diagnostics.filter(diagnostic => diagnostic.severity === 0).length;
console.log(JSON.stringify({ parsed: document !== undefined, errors, version: document?.version() }));
process.exit(document !== undefined && errors === 0 ? 0 : 1);
