// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { bundleExports, ZOD } from '../../test/bundle-exports.js';

/**
 * What scoring, the email lists and the signal roll-ups cost the later chunk (they never
 * go into cairn.js), minified and gzip -9, and that none of it brings zod (or eval).
 * Sizes are annotations: see them with `--reporter=verbose`.
 */
const bundle = (exports: Record<string, string>) => bundleExports(exports, 'es');

describe('the scoring bundle', () => {
  test('email classification with its lists', async ({ annotate }) => {
    const { code, gzip } = await bundle({ classifyEmail: 'scoring/email-domain.ts' });
    const lists = await bundle({ FREE_DOMAINS: 'scoring/email-domains.ts', FREE_BRANDS: 'scoring/email-domains.ts', DISPOSABLE_DOMAINS: 'scoring/email-domains.ts', SECOND_LEVEL: 'scoring/email-domains.ts' });
    await annotate(`classifyEmail: ${code.length} B minified, ${gzip} B gzip -9; the lists alone ${lists.gzip} B gzip -9`);
    expect(code).toContain('mailinator.com');
    expect(lists.gzip).toBeLessThan(1024);
    expect(gzip).toBeLessThan(1.6 * 1024);
  }, 30_000);

  test('scoreLead, computeScore, chooseAfter and the signal roll-ups: no zod, no eval', async ({ annotate }) => {
    const { code, gzip } = await bundle({
      scoreLead: 'scoring/score-lead.ts',
      computeScore: 'scoring/score.ts',
      withScore: 'scoring/score.ts',
      leadFacts: 'scoring/lead-facts.ts',
      chooseAfter: 'after/choose-after.ts',
      recordPageView: 'behaviour/record.ts',
      recordEvent: 'behaviour/record.ts',
      recordFormStart: 'behaviour/record.ts',
      recordFormAbandon: 'behaviour/record.ts',
      recordFormSubmit: 'behaviour/record.ts',
      readSignal: 'behaviour/read-signal.ts',
      toSignals: 'behaviour/to-signals.ts',
    });
    await annotate(`scoring + signals: ${code.length} B minified, ${gzip} B gzip -9 (includes the condition evaluator cairn.js has too)`);
    expect(code).not.toMatch(ZOD);
    expect(code).not.toMatch(/new Function|eval\(/);
    // 5.3 KB when written (issue 4), the email lists ≈0.7 KB of it
    expect(gzip).toBeLessThan(6 * 1024);
  }, 30_000);
});
