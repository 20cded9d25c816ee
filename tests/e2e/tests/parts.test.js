// The card's words, checked without a browser: the reason's quote marks and the gap's rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';

globalThis.chrome ??= { runtime: {}, storage: {} };
const { quote } = await import('../../../extension/lib/suggestion-parts.js');
const { daysAgo } = await import('../../../extension/lib/ui.js');

test('a reason whose sentence ends in a quotation ends with one closing pair, not a doubled quote', () => {
  const text = quote('The surgeon said "it is the lung."');
  assert.equal(text, '“The surgeon said ‘it is the lung.’”');
  assert.doesNotMatch(text, /["”]["”]/);
  assert.equal(quote('"It is the lung."'), '“It is the lung.”');
});

test('the card says months until two years, never "1 years ago"', () => {
  assert.equal(daysAgo(290), '10 months ago');
  assert.equal(daysAgo(600), '20 months ago');
  assert.equal(daysAgo(800), '2 years ago');
});
