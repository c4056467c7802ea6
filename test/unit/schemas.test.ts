/** The JSON Schemas in schemas/ are generated from the zod models and must never drift from them. */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedSchemas, schemaText } from '../../scripts/generate-schemas';

describe('generated JSON Schemas', () => {
  it.each(Object.entries(generatedSchemas()))('schemas/%s is up to date (run `npm run schemas` after changing a model)', (name, document) => {
    expect(readFileSync(join(__dirname, '..', '..', 'schemas', name), 'utf8')).toBe(schemaText(document));
  });

  it('lets editors and CI validate criteria files without didops: good criteria pass, a typo fails', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(generatedSchemas()['search-criteria.schema.json'] as object);
    expect(validate({ country: 'US', areaCode: '415', patterns: { vanity: { word: 'HELP' } } })).toBe(true);
    expect(validate({ country: 'US', areCode: '415' })).toBe(false);
  });
});
