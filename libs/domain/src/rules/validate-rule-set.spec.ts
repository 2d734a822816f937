import { EXAMPLE_RULE_SET } from './testing/example-rule-set';
import { validateRuleSet } from './validate-rule-set';

/** The problems for a rule set holding this one rule, with id, kind and severity filled in. */
function problemsWith(rule: Record<string, unknown>): string[] {
  const result = validateRuleSet({ rules: [{ id: 'r', severity: 'error', ...rule }] });
  return result.ok ? [] : result.problems;
}

describe('validateRuleSet', () => {
  it('accepts one rule of each kind and returns it unchanged', () => {
    const result = validateRuleSet(EXAMPLE_RULE_SET);
    expect(result).toEqual({ ok: true, ruleSet: EXAMPLE_RULE_SET });
    if (result.ok) expect(result.ruleSet).not.toBe(EXAMPLE_RULE_SET);
  });

  it('accepts an empty rule set', () => {
    expect(validateRuleSet({ rules: [] })).toEqual({ ok: true, ruleSet: { rules: [] } });
  });

  it('turns plain banned terms into term objects and drops absent options', () => {
    const result = validateRuleSet({
      rules: [{ id: 'b', kind: 'banned-term', severity: 'warning', terms: ['x'] }],
    });
    expect(result).toEqual({
      ok: true,
      ruleSet: { rules: [{ id: 'b', kind: 'banned-term', severity: 'warning', terms: [{ term: 'x' }] }] },
    });
  });

  it('refuses what is not a rule set', () => {
    expect(validateRuleSet(null)).toEqual({ ok: false, problems: ['(rule set): must be an object'] });
    expect(validateRuleSet([])).toEqual({ ok: false, problems: ['(rule set): must be an object'] });
    expect(validateRuleSet({ rules: {} })).toEqual({ ok: false, problems: ['rules: must be an array'] });
    expect(validateRuleSet({ rules: [], version: 2 })).toEqual({
      ok: false,
      problems: ['version: is not a known property here'],
    });
    const many = Array.from({ length: 201 }, (_, i) => ({
      id: `r${i}`,
      kind: 'max-bytes',
      severity: 'error',
      max: 1,
    }));
    expect(validateRuleSet({ rules: many })).toEqual({
      ok: false,
      problems: ['rules: has 201 rules; the maximum is 200'],
    });
  });

  it('checks the fields every rule has', () => {
    const result = validateRuleSet({
      rules: [
        'not an object',
        { kind: 'max-bytes', max: 1 },
        { id: 'has space', kind: 'max-bytes', severity: 'fatal', max: 1 },
        { id: 'x', kind: 'spelling', severity: 'error' },
        { id: 'dup', kind: 'max-bytes', severity: 'error', max: 1 },
        { id: 'dup', kind: 'max-bytes', severity: 'error', max: 2 },
        { id: 'y', kind: 'max-bytes', severity: 'error', max: 1, maximum: 2 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'rules[0]: must be an object',
        'rules[1].id: is required',
        'rules[1].severity: is required',
        'rules[2].id: must start with a letter or digit and hold only letters, digits, ".", "_", "-"',
        'rules[2].severity: must be one of "error", "warning"',
        expect.stringMatching(
          /^rules\[3\]\.kind: must be one of "banned-term", "required-phrase", .*"image-dimensions"$/,
        ),
        'rules[5].id: "dup" is used by an earlier rule',
        'rules[6].maximum: is not a known property here',
      ],
    });
  });

  it('reports every problem of a rule at once', () => {
    expect(problemsWith({ kind: 'pattern', pattern: 'a(?=b)', flags: 'ig', mustMatch: 'yes' })).toEqual([
      'rules[0].flags: must be a string of distinct flags from "i", "m" and "s"',
      'rules[0].mustMatch: must be true or false',
      'rules[0].message: is required',
    ]);
  });

  describe('per kind', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      [
        'banned-term without terms',
        { kind: 'banned-term', terms: [] },
        ['rules[0].terms: must be a non-empty array'],
      ],
      [
        'banned-term with bad entries',
        { kind: 'banned-term', terms: ['ok', ' ', { term: 'x', suggest: 'y' }, 7, 'OK'], wholeWord: 'no' },
        [
          'rules[0].terms[1].term: must be a non-empty string',
          'rules[0].terms[2].suggest: is not a known property here',
          'rules[0].terms[3]: must be an object',
          'rules[0].terms[4]: repeats an earlier entry',
          'rules[0].wholeWord: must be true or false',
        ],
      ],
      [
        'banned-term too long',
        { kind: 'banned-term', terms: ['x'.repeat(201)] },
        ['rules[0].terms[0].term: is 201 characters long; the maximum is 200'],
      ],
      [
        'required-phrase blank',
        { kind: 'required-phrase', phrase: '  ' },
        ['rules[0].phrase: must be a non-empty string'],
      ],
      [
        'term-casing names',
        { kind: 'term-casing', terms: ['GitHub', 'Git Hub', '-x', '123'] },
        [
          'rules[0].terms[1]: repeats an earlier entry',
          'rules[0].terms[2]: must start and end with a letter or digit and contain a letter',
          'rules[0].terms[3]: must start and end with a letter or digit and contain a letter',
        ],
      ],
      [
        'max-length negative',
        { kind: 'max-length', max: -1 },
        ['rules[0].max: must be a whole number from 0 to 1000000000'],
      ],
      [
        'min-length fractional',
        { kind: 'min-length', min: 1.5 },
        ['rules[0].min: must be a whole number from 0 to 1000000000'],
      ],
      [
        'max-bytes as text',
        { kind: 'max-bytes', max: '10' },
        ['rules[0].max: must be a whole number from 0 to 1000000000'],
      ],
      [
        'pattern with a lookbehind',
        { kind: 'pattern', pattern: '(?<!x)y', mustMatch: true, message: 'm' },
        [
          'rules[0].pattern: RE2 syntax has no lookahead or lookbehind ("(?=", "(?!", "(?<=", "(?<!"); match the context instead',
        ],
      ],
      [
        'pattern with a backreference',
        { kind: 'pattern', pattern: '(a)\\1', mustMatch: true, message: 'm' },
        [
          'rules[0].pattern: RE2 syntax has no backreferences ("\\1", "\\k<name>"); spell out the repeated text instead',
        ],
      ],
      [
        'pattern that does not parse',
        { kind: 'pattern', pattern: 'a{2,1}', mustMatch: true, message: 'm' },
        [expect.stringMatching(/^rules\[0\]\.pattern: not a valid RE2 pattern: /)],
      ],
      [
        'link-domains that are not host names',
        {
          kind: 'link-domains',
          domains: ['*.quorate.io', 'https://x.io', 'x.io:80', 'a b', 'ok.io', 'OK.io'],
        },
        [
          'rules[0].domains[0]: write "quorate.io": subdomains are always allowed',
          'rules[0].domains[1]: must be a host name such as "example.com", without scheme, port or path',
          'rules[0].domains[2]: must be a host name such as "example.com", without scheme, port or path',
          'rules[0].domains[3]: must be a host name such as "example.com", without scheme, port or path',
          'rules[0].domains[5]: repeats an earlier entry',
        ],
      ],
      [
        'pii unknown kind',
        { kind: 'pii', kinds: ['email', 'ssn'] },
        ['rules[0].kinds[1]: must be one of "email", "phone"'],
      ],
      ['secrets empty kinds', { kind: 'secrets', kinds: [] }, ['rules[0].kinds: must be a non-empty array']],
      [
        'media-type malformed',
        { kind: 'media-type', allowed: ['png', 'image/*', '*/*'] },
        [
          'rules[0].allowed[0]: must be a media type such as "image/png" or "image/*"',
          'rules[0].allowed[2]: must be a media type such as "image/png" or "image/*"',
        ],
      ],
      [
        'palette with alpha, unknown names and repeats',
        { kind: 'palette', colors: ['#ffff', 'brandblue', '#FFF', 'white', 3] },
        [
          'rules[0].colors[0]: alpha is not compared, so give the colour as #rgb or #rrggbb',
          'rules[0].colors[1]: must be a colour such as "#1a2b3c", "#abc" or a CSS colour name',
          'rules[0].colors[3]: repeats an earlier entry',
          'rules[0].colors[4]: must be a string',
        ],
      ],
      [
        'image-dimensions without bounds',
        { kind: 'image-dimensions' },
        ['rules[0]: needs at least one of minWidth, maxWidth, minHeight, maxHeight'],
      ],
      [
        'image-dimensions with crossed bounds',
        { kind: 'image-dimensions', minWidth: 10, maxWidth: 5, minHeight: 0, maxHeight: 3 },
        [
          'rules[0].minHeight: must be a whole number from 1 to 1000000000',
          'rules[0].minWidth: is greater than maxWidth',
        ],
      ],
    ])('%s', (_name, rule, problems) => {
      expect(problemsWith(rule)).toEqual(problems);
    });
  });

  it('keeps admin input within its limits', () => {
    const terms = Array.from({ length: 1001 }, (_, i) => `t${i}`);
    expect(problemsWith({ kind: 'banned-term', terms })).toEqual([
      'rules[0].terms: has 1001 entries; the maximum is 1000',
    ]);
    expect(
      problemsWith({ kind: 'pattern', pattern: 'x'.repeat(2001), mustMatch: true, message: 'm' }),
    ).toEqual(['rules[0].pattern: is 2001 characters long; the maximum is 2000']);
  });
});
