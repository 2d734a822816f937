import fc from 'fast-check';
import { check, spans, textAt } from '../testing/check-rule';

describe('link-domains', () => {
  const rule = { kind: 'link-domains', domains: ['quorate.io', 'Example.ORG'] } as const;
  const hosts = (text: string, mediaType?: string) =>
    check(rule, text, mediaType).map((f) => /Link to "([^"]*)"/.exec(f.message)?.[1]);

  it('allows the domains and their subdomains, in any case', () => {
    expect(
      check(rule, 'See https://quorate.io, https://docs.quorate.io/x?y#z and HTTP://WWW.EXAMPLE.ORG.'),
    ).toEqual([]);
  });

  it('reports other hosts with the link location', () => {
    const text = 'Intro\r\n😀 Visit https://evil.com/path?q=1.';
    const findings = check(rule, text);
    expect(findings).toEqual([
      {
        ruleId: 'r',
        severity: 'error',
        message: 'Link to "evil.com" is outside the allowed domains (quorate.io, example.org)',
        location: { line: 2, column: 9, length: 25 },
      },
    ]);
    expect(textAt(text, findings[0].location!)).toBe('https://evil.com/path?q=1');
  });

  it('does not take a look-alike suffix for a subdomain', () => {
    expect(hosts('https://notquorate.io https://quorate.io.evil.com https://quorate.iox')).toEqual([
      'notquorate.io',
      'quorate.io.evil.com',
      'quorate.iox',
    ]);
  });

  it('reads the host the way a browser does', () => {
    expect(hosts('https://quorate.io@evil.com/ and https://evil.com\\@quorate.io/')).toEqual([
      'evil.com',
      'evil.com',
    ]);
    const [lookalike] = hosts('https://qu\u043erate.io (Cyrillic o)');
    expect(lookalike).toMatch(/^xn--.*\.io$/);
    expect(hosts('<a href="https:evil.com">x</a>', 'text/html')).toEqual(['evil.com']);
    expect(hosts('ftp://files.evil.com wss://evil.com:8443/socket')).toEqual(['files.evil.com', 'evil.com']);
  });

  it('finds protocol-relative links in markup and Markdown, and bare www. names', () => {
    const html =
      '<a href="//evil.com/x">a</a> <img src=//cdn.quorate.io/a.png> <style>a{background:url(//evil.net/i.png)}</style>';
    expect(hosts(html, 'text/html')).toEqual(['evil.com', 'evil.net']);
    expect(hosts('[x](//evil.com) and www.evil.com/page, www.quorate.io')).toEqual([
      'evil.com',
      'www.evil.com',
    ]);
  });

  it('trims sentence punctuation but keeps brackets that belong to the URL', () => {
    const text = '(see https://evil.com/wiki/Foo_(bar)), and [x](https://evil.com/a).';
    expect(check(rule, text).map((f) => textAt(text, f.location!))).toEqual([
      'https://evil.com/wiki/Foo_(bar)',
      'https://evil.com/a',
    ]);
  });

  it('ignores text that only resembles a link', () => {
    expect(check(rule, 'Use https: always. // a comment. file.www.txt, mailto:a@b.c, xhttps:evil')).toEqual(
      [],
    );
  });

  it('finds a URL after any character, CJK letters and Latin ones alike', () => {
    fc.assert(
      fc.property(fc.constantFrom('访问', '詳しくは', 'の', '한국', 'x', '：', '（', '_', '😀'), (before) => {
        const text = `${before}https://evil.com/a`;
        const findings = check(rule, text);
        expect(findings.map((f) => textAt(text, f.location!))).toEqual(['https://evil.com/a']);
        expect(spans(findings)).toEqual([[1, Array.from(before).length + 1, 18]]);
      }),
    );
    expect(hosts('访问www.evil.com了解')).toEqual(['www.evil.com']);
  });

  it('ends a URL at whitespace, full-width punctuation and CJK letters, so one cannot hide another', () => {
    const ends = ['，', '。', '、', '）', '」', '！', '？', '：', '\u3000', ' ', '\n', '了解更多', 'をご覧'];
    fc.assert(
      fc.property(fc.constantFrom(...ends), fc.constantFrom(...ends), (first, second) => {
        const text = `请访问https://quorate.io/a${first}https://evil.com/b${second}谢谢`;
        const findings = check(rule, text);
        expect(findings.map((f) => textAt(text, f.location!))).toEqual(['https://evil.com/b']);
      }),
    );
  });

  it('does not take XML namespaces, schema locations, RDF identifiers or doctypes for links', () => {
    const svg = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
      '  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" XMLNS:dc = \'http://purl.org/dc/elements/1.1/\'',
      '  xsi:schemaLocation="http://www.w3.org/2000/svg http://www.w3.org/2000/svg.xsd">',
      '<metadata><cc:Work rdf:about=""><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></metadata>',
      '<a xlink:href="https://evil.com/x"><text>https://docs.quorate.io</text></a>',
      '<image href="http://cdn.evil.net/i.png"/></svg>',
    ].join('\n');
    expect(hosts(svg, 'image/svg+xml')).toEqual(['evil.com', 'cdn.evil.net']);
  });

  it('still judges a namespace-looking URL written anywhere else', () => {
    expect(hosts('<p title="http://www.w3.org/2000/svg">xmlns</p>', 'text/html')).toEqual(['www.w3.org']);
    expect(hosts('xmlns http://www.w3.org/2000/svg')).toEqual(['www.w3.org']);
  });

  it('ignores links a browser could not follow', () => {
    expect(check(rule, 'https://evil.com:99999/ and http://[::1')).toEqual([]);
  });

  it('locates several links on several lines', () => {
    expect(spans(check(rule, 'a http://x.io\nb\r\nhttps://y.io/z'))).toEqual([
      [1, 3, 11],
      [3, 1, 14],
    ]);
  });
});
