import { check, spans } from '../testing/check-rule';

describe('term-casing', () => {
  const rule = { kind: 'term-casing', terms: ['Quorate', 'GitHub', 'iPhone', 'Visual Studio'] } as const;

  it('names the correct spelling where the case is wrong', () => {
    expect(check(rule, 'Try QuoRate.\nOr quorate!')).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: '"QuoRate" should be written "Quorate"',
        location: { line: 1, column: 5, length: 7 },
      },
      {
        ruleId: 'r',
        severity: 'error',
        message: '"quorate" should be written "Quorate"',
        location: { line: 2, column: 4, length: 7 },
      },
    ]);
  });

  it('accepts the exact spelling, also wrapped across lines', () => {
    expect(check(rule, 'Quorate on GitHub, in Visual\r\nStudio, on an iPhone. Quorate’s docs.')).toEqual([]);
  });

  it('catches a separator added or dropped where the name changes case or has a space', () => {
    const findings = check(rule, 'Git Hub, Git-Hub, github, I-Phone, VisualStudio, visual-studio');
    expect(findings.map((f) => f.message)).toEqual([
      '"Git Hub" should be written "GitHub"',
      '"Git-Hub" should be written "GitHub"',
      '"github" should be written "GitHub"',
      '"I-Phone" should be written "iPhone"',
      '"VisualStudio" should be written "Visual Studio"',
      '"visual-studio" should be written "Visual Studio"',
    ]);
    expect(spans(findings)[0]).toEqual([1, 1, 7]);
  });

  it('leaves host names, addresses, paths and longer words alone', () => {
    const text =
      'https://quorate.io docs.quorate.io dev@quorate @quorate/api quorate/api C:\\quorate quorates xquorate quorate_id';
    expect(check(rule, text)).toEqual([]);
  });

  it('leaves lowercase kebab-case identifiers alone, but not a miscased name before a hyphen', () => {
    const html = '<div class="quorate-logo" style="color: var(--quorate-blue)">QuoRate-powered</div>';
    expect(check(rule, html, 'text/html').map((f) => f.message)).toEqual([
      '"QuoRate" should be written "Quorate"',
    ]);
  });

  it('still reports the name at the end of a sentence and after an emoji', () => {
    expect(spans(check(rule, 'We use QUORATE. 😀 quorate'))).toEqual([
      [1, 8, 7],
      [1, 19, 7],
    ]);
  });
});
