import { redactQueryValues, redactRequestUrl, redactUrls } from './redact';

describe('URL redaction', () => {
  it('keeps a request target’s path and parameter names, not its values', () => {
    expect(redactRequestUrl('/v1/assets')).toBe('/v1/assets');
    expect(redactRequestUrl('/v1/auth/me?access_token=qk_secret&cursor=abc&flag')).toBe(
      '/v1/auth/me?access_token=[redacted]&cursor=[redacted]&flag=[redacted]',
    );
  });

  it('drops the userinfo and query values of every URL in a text', () => {
    expect(
      redactUrls(
        'POST https://bob:pa55@hooks.example.com:8443/in?sig=abc failed; see http://example.com/a@b',
      ),
    ).toBe(
      'POST https://[redacted]@hooks.example.com:8443/in?sig=[redacted] failed; see http://example.com/a@b',
    );
    expect(redactUrls('no URL here')).toBe('no URL here');
  });

  it('replaces parsed query values', () => {
    expect(redactQueryValues({ access_token: 'qk_x', limit: '5' })).toEqual({
      access_token: '[redacted]',
      limit: '[redacted]',
    });
    expect(redactQueryValues(undefined)).toBeUndefined();
  });
});
