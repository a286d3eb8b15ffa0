// Validates an OpenAPI document (2.0, 3.0, 3.1) with @seriousme/openapi-schema-validator (npm):
// the document against the specification's own schema, then every $ref resolved.
// Usage: node validate-openapi.cjs DOCUMENT.json
// Exit 0 and "valid <version>" when it conforms; exit 1 with the validator's errors (JSON)
// otherwise; exit 2 when the validator itself cannot run (missing module, unreadable file).
'use strict';
const fs = require('fs');
const { pathToFileURL } = require('url');

async function main() {
  const [documentPath] = process.argv.slice(2);
  if (!documentPath) {
    console.error('usage: validate-openapi.cjs DOCUMENT.json');
    return 2;
  }
  let Validator, document;
  try {
    // The package is ESM only; require.resolve honours NODE_PATH (the global module folder),
    // which import() does not.
    const entry = require.resolve('@seriousme/openapi-schema-validator');
    ({ Validator } = await import(pathToFileURL(entry).href));
    document = JSON.parse(fs.readFileSync(documentPath, 'utf8'));
  } catch (e) {
    console.error(`validator unavailable: ${e.message}`);
    return 2;
  }
  const validator = new Validator();
  const result = await validator.validate(document);
  if (!result.valid) {
    console.log(JSON.stringify(result.errors, null, 2));
    return 1;
  }
  try {
    validator.resolveRefs();  // throws on a $ref that points nowhere
  } catch (e) {
    console.log(JSON.stringify([{ message: e.message }], null, 2));
    return 1;
  }
  console.log(`valid ${validator.version}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`cannot validate: ${e.message}`);
  process.exit(2);
});
