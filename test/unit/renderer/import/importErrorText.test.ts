import { describe, expect, it } from 'vitest';
import { importErrorText } from '../../../../src-renderer/features/import/importErrorText';

describe('importErrorText', () => {
  it('says a problem met in several files once, with the files', () => {
    const files = Array.from({ length: 8 }, (_, i) => `page-${i + 1}.json: not a history`);
    expect(importErrorText(`Nothing was imported: ${files.join('; ')}`)).toBe('Nothing was imported: not a history (in page-1.json, page-2.json, page-3.json and 5 more)');
  });
  it('says a problem repeated in one file once', () => {
    expect(importErrorText('Nothing was imported: a.json: bad event; a.json: bad event')).toBe('Nothing was imported: a.json: bad event');
  });
  it('keeps different problems, and other messages as they are', () => {
    expect(importErrorText('Nothing was imported: a.json: x; b.json: y')).toBe('Nothing was imported: a.json: x; b.json: y');
    expect(importErrorText('the store is closed')).toBe('the store is closed');
  });
});
