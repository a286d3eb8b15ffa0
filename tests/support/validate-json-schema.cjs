// Validates a JSON document against a JSON Schema (draft-07) with Ajv and its format checks.
// Usage: node validate-json-schema.cjs SCHEMA.json DOCUMENT.json
// Exit 0 and "valid" when the document conforms; exit 1 with Ajv's errors (JSON) otherwise;
// exit 2 when the validator itself cannot run (missing module, unreadable file, bad schema).
'use strict';
const fs = require('fs');

let Ajv, addFormats;
try {
  Ajv = require('ajv');
  addFormats = require('ajv-formats');
} catch (e) {
  console.error(`validator unavailable: ${e.message}`);
  process.exit(2);
}

const [schemaPath, documentPath] = process.argv.slice(2);
if (!schemaPath || !documentPath) {
  console.error('usage: validate-json-schema.cjs SCHEMA.json DOCUMENT.json');
  process.exit(2);
}

let validate, document;
try {
  // strict: false because NIST's generated schemas carry annotations Ajv's strict mode rejects;
  // every validation keyword still applies.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
  document = JSON.parse(fs.readFileSync(documentPath, 'utf8'));
} catch (e) {
  console.error(`cannot validate: ${e.message}`);
  process.exit(2);
}

if (validate(document)) {
  console.log('valid');
  process.exit(0);
}
console.log(JSON.stringify(validate.errors, null, 2));
process.exit(1);
