import { describe, expect, it } from 'vitest';
import { BLUEPRINT_TEMPLATES } from '../../../src/blueprint/files.generated.js';
import { renderTemplates } from '../../../src/core/init/render.js';
import { CLOUDS, templateTokens } from '../../../src/core/init/values.js';

describe('renderTemplates', () => {
  it('fills every token and leaves Python dunders and GitHub expressions alone', () => {
    const [file] = renderTemplates({ 'a.py': 'name = "__BUNDLE_NAME__"  # ${{ github.ref }}\nif __name__ == "__main__": pass\n' }, { BUNDLE_NAME: 'shop' });
    expect(file?.content).toBe('name = "shop"  # ${{ github.ref }}\nif __name__ == "__main__": pass\n');
  });

  it('treats a token without a value as a defect of the blueprint', () => {
    expect(() => renderTemplates({ 'x.yml': 'a: __MISSING__' }, {})).toThrow('blueprint file x.yml uses __MISSING__, which has no value');
  });

  it.each(CLOUDS)('fills every token of the real blueprint for %s', (cloud) => {
    const files = renderTemplates(BLUEPRINT_TEMPLATES, templateTokens({ bundleName: 'shop', cloud, dataopsVersion: '9.9.9' }));
    const leftovers = files.flatMap((f) => [...f.content.matchAll(/__[A-Z][A-Z0-9_]*__/g)].map((m) => `${f.path}: ${m[0]}`));
    expect(leftovers).toEqual([]);
    const jobs = files.find((f) => f.path === 'resources/jobs.yml')?.content ?? '';
    expect(jobs).toContain(`${cloud}_attributes:`);
  });
});
