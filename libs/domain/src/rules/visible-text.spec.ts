import fc from 'fast-check';
import { check, spans, textAt } from './testing/check-rule';
import { visibleText } from './visible-text';

const phrase = { kind: 'required-phrase', phrase: 'Terms apply.' } as const;
const banned = { kind: 'banned-term', terms: [{ term: 'synergy' }] } as const;

describe('visibleText', () => {
  it('decodes entities, drops comments, scripts, styles and tags, and breaks lines at blocks', () => {
    const html =
      '<html><head><title>Offer</title><style>p{color:red}</style></head><body>' +
      '<p>Terms&nbsp;apply.</p><!-- Terms apply. --><div>a &amp; b<br>c&copy;d</div>' +
      '<script>var x = "<p>";</script><template><p>t</p></template>e &unknown; f</body></html>';
    expect(visibleText(html).text).toBe('Offer\nTerms\u00a0apply.\na & b\nc©d\ne &unknown; f');
  });

  it('maps every visible character back to the source it was read from', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'word',
            ' ',
            '&amp;',
            '&nbsp;',
            '&#233;',
            '&#x1F600;',
            '<b>',
            '</b>',
            '<p>',
            '<!-- c -->',
            'é',
            '😀',
            '\r\n',
          ),
          { maxLength: 20 },
        ),
        (pieces) => {
          const html = pieces.join('');
          const visible = visibleText(html);
          for (let i = 0; i < visible.text.length; i++) {
            const source = html.slice(visible.sourceStart(i), visible.sourceEnd(i + 1));
            const char = visible.text[i];
            // Each character is its own source, the entity it decodes, or a tag's line break.
            const isOwn = source === char;
            const isEntity = source.startsWith('&');
            const isBreak = char === '\n' && source === '';
            const isSurrogateHalf = (char.charCodeAt(0) & 0xf800) === 0xd800;
            expect(isOwn || isEntity || isBreak || isSurrogateHalf).toBe(true);
          }
        },
      ),
    );
  });
});

describe('text rules on HTML', () => {
  it('find a required phrase written with &nbsp; or other entities, as editors write it', () => {
    for (const written of [
      'Terms&nbsp;apply.',
      'Terms&#160;apply&period;',
      'Terms <b>apply</b>.',
      'Terms\n  apply.',
    ]) {
      const html = `<html><body><p>Offer ends soon.</p><p>${written}</p></body></html>`;
      expect([written, check(phrase, html, 'text/html')]).toEqual([written, []]);
    }
  });

  it('do not count a phrase that exists only in a comment, script or style', () => {
    for (const hidden of [
      '<!-- Terms apply. -->',
      '<script>// Terms apply.</script>',
      '<style>/* Terms apply. */</style>',
    ]) {
      const html = `<p>Offer ends soon.</p>${hidden}`;
      expect(check(phrase, html, 'text/html')).toHaveLength(1);
      expect(check(phrase, `Offer ends soon.\n\n${hidden}\n`, 'text/markdown')).toHaveLength(1);
    }
    expect(check(phrase, 'Offer.\n\n<p>Terms&nbsp;apply.</p>\n', 'text/markdown')).toEqual([]);
  });

  it('locate findings in the source, after entities and tags', () => {
    const html = '<p>&eacute;t&eacute; &amp; <b>synergy</b></p>\r\n<p>more&nbsp;synergy</p>';
    const findings = check(banned, html, 'text/html');
    expect(findings.map((f) => textAt(html, f.location!))).toEqual(['synergy', 'synergy']);
    expect(spans(findings)).toEqual([
      [1, 31, 7],
      [2, 14, 7],
    ]);
  });

  it('map a finding that starts or ends on an entity to the whole entity', () => {
    const rule = { kind: 'banned-term', terms: [{ term: 'café' }] } as const;
    const html = '<p>Our caf&eacute; opens.</p>';
    const [finding] = check(rule, html, 'text/html');
    expect(textAt(html, finding.location!)).toBe('caf&eacute;');
  });

  it('leave banned terms in tags and attributes alone, and still judge links, secrets and PII in the source', () => {
    expect(check(banned, '<div class="synergy" data-x="synergy">ok</div>', 'text/html')).toEqual([]);
    const links = { kind: 'link-domains', domains: ['quorate.io'] } as const;
    expect(
      check(links, '<!-- https://evil.com --><a href="https://evil.com">x</a>', 'text/html'),
    ).toHaveLength(2);
  });
});
